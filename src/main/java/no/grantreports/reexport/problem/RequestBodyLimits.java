package no.grantreports.reexport.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import no.grantreports.reexport.config.ReexportConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Request body limits per route, enforced on the Vert.x router before Quarkus REST reads anything.
 * The job endpoints take small JSON bodies ({@code reexport.http.max-request-body}); report
 * ingestion streams large documents ({@code quarkus.http.limits.max-body-size}). A declared
 * Content-Length beyond the limit is refused before any of the body is read; a chunked (HTTP/1.1) job
 * request is counted as it arrives and refused as soon as it passes the limit. Either way the answer is a
 * 413 problem and the connection is closed, so the rest of the body is never read.
 */
@ApplicationScoped
public class RequestBodyLimits {

    /** Routing-context key of a job request's body, read here within the limit and handed to Quarkus REST. */
    static final String BODY = RequestBodyLimits.class.getName() + ".body";
    private static final Pattern API = Pattern.compile("^/api/.*");
    private static final Pattern JOB_ROUTES = Pattern.compile("^/api/v1/report-reexports(/.*)?$");
    /** Before Quarkus' own limit check (order -2), which answers a bare 413 without a problem body. */
    private static final int ORDER = -3;

    private static final Logger LOG = Logger.getLogger(RequestBodyLimits.class);

    private final long jobLimit;
    private final long globalLimit;
    private final Duration jobBodyReadTimeout;
    private final Duration reportBodyReadTimeout;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public RequestBodyLimits(ReexportConfig config, ObjectMapper mapper, Vertx vertx,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> globalLimit) {
        this.jobLimit = config.http().maxRequestBody().asLongValue();
        this.globalLimit = globalLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.jobBodyReadTimeout = config.http().bodyReadTimeout();
        this.reportBodyReadTimeout = config.http().reportBodyReadTimeout();
        this.mapper = mapper;
        this.vertx = vertx;
    }

    /** The largest report document (PUT /api/v1/reports/{id}) accepted, counted as it streams in. */
    public long reportLimit() {
        return globalLimit;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(API.pattern()).order(ORDER).handler(this::limit);
    }

    /**
     * Hands the body read by {@link #limit} to Quarkus REST, which then does not read the request again.
     * An HTTP/2 job body is read here instead, counted as it arrives: Quarkus REST pauses the request
     * when it takes it over, which HTTP/2 refuses once the body has ended, so it cannot be read on the
     * router first. Filters run before Quarkus REST reads a body.
     */
    @ServerRequestFilter
    public Uni<Void> bufferedBody(ContainerRequestContext request, RoutingContext routing) {
        Buffer body = routing.get(BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
            return Uni.createFrom().voidItem();
        }
        HttpServerRequest raw = routing.request();
        if (raw.version() != HttpVersion.HTTP_2 || raw.isEnded() || !JOB_ROUTES.matcher(routing.normalizedPath()).matches()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer buffer = Buffer.buffer();
            boolean[] finished = {false};
            raw.handler(chunk -> {
                if (finished[0]) {
                    return;
                }
                if (buffer.length() + (long) chunk.length() > jobLimit) {
                    finished[0] = true;
                    raw.pause();
                    // the rest of the body is never read: the answer ends the connection
                    routing.addEndHandler(ended -> raw.connection().close());
                    emitter.fail(ProblemException.contentTooLarge(tooLargeDetail(jobLimit)));
                    return;
                }
                buffer.appendBuffer(chunk);
            });
            raw.exceptionHandler(failure -> {
                if (!finished[0]) {
                    finished[0] = true;
                    emitter.fail(ProblemException.badRequest("The request body could not be read."));
                }
            });
            raw.endHandler(ended -> {
                if (!finished[0]) {
                    finished[0] = true;
                    request.setEntityStream(new ByteArrayInputStream(buffer.getBytes()));
                    emitter.complete(null);
                }
            });
            raw.resume();
        });
    }

    static String tooLargeDetail(long limit) {
        return "The request body is larger than the " + limit + " bytes this endpoint accepts.";
    }

    void limit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        boolean jobRoute = JOB_ROUTES.matcher(ctx.normalizedPath()).matches();
        long limit = jobRoute ? jobLimit : globalLimit;
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1; // the HTTP codec refuses such requests before they get here
            }
            if (declared > limit) {
                tooLarge(ctx, limit);
                return;
            }
        }
        // HTTP/1.1: a declared length within the limit is enforced by the HTTP codec, so Quarkus REST
        // reads such a body itself; a chunked body has no length to check and is counted here. HTTP/2
        // (h2c by prior knowledge or Upgrade) may omit the length: every HTTP/2 job body is counted by
        // bufferedBody. Report bodies are too large to buffer; ReportResource counts them.
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (request.isEnded() || declared <= 0 && !chunked && !http2) {
            ctx.next(); // no body, or all of it is here
            return;
        }
        watchBodyRead(ctx, jobRoute ? jobBodyReadTimeout : reportBodyReadTimeout);
        if (!jobRoute || !chunked || http2) {
            ctx.next();
            return;
        }
        readWithin(ctx, limit);
    }

    /**
     * A body must arrive within the read timeout: a client trickling it in (one byte a second) would
     * otherwise hold its connection and request for as long as it likes. The idle timeout does not
     * see such a client, as bytes keep arriving.
     */
    private void watchBodyRead(RoutingContext ctx, Duration timeout) {
        HttpServerRequest request = ctx.request();
        long timer = vertx.setTimer(timeout.toMillis(), fired -> {
            if (!request.isEnded() && !ctx.response().ended()) {
                LOG.debugf("Request body of %s %s not received within %s; closing", request.method(), request.path(), timeout);
                refuse(ctx, 408, ProblemMappers.bodyReadTimeout(request.path(), timeout));
            }
        });
        ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
    }

    private void readWithin(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The body is read here, so the interim answer is sent here, and only once.
            request.headers().remove(HttpHeaders.EXPECT);
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                request.pause();
                tooLarge(ctx, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (!refused[0]) {
                refused[0] = true;
                ctx.fail(400, failure);
            }
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    private void tooLarge(RoutingContext ctx, long limit) {
        refuse(ctx, 413, ProblemMappers.bodyTooLarge(ctx.request().path(), limit));
    }

    /**
     * Answers a problem before the body was read in full and stops reading by closing the connection:
     * the rest of an HTTP/1.1 body would have to be read to reuse it, and the body of an h2c Upgrade
     * request goes on arriving as HTTP/1.1 whatever happens to its stream.
     */
    private void refuse(RoutingContext ctx, int status, Problem problem) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close"); // a connection header HTTP/2 forbids
        }
        response.endHandler(done -> request.connection().close()).end(Buffer.buffer(json));
    }
}
