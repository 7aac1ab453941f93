package no.grantreports.reexport.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
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
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
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

    private final long jobLimit;
    private final long globalLimit;
    private final ObjectMapper mapper;

    public RequestBodyLimits(ReexportConfig config, ObjectMapper mapper,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> globalLimit) {
        this.jobLimit = config.http().maxRequestBody().asLongValue();
        this.globalLimit = globalLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(API.pattern()).order(ORDER).handler(this::limit);
    }

    /** Hands the body read by {@link #limit} to Quarkus REST, which then does not read the request again. */
    @ServerRequestFilter
    public void bufferedBody(ContainerRequestContext request, RoutingContext routing) {
        Buffer body = routing.get(BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
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
        // A declared length within the limit is enforced by the HTTP codec, so Quarkus REST reads such
        // a body itself. Only an HTTP/1.1 chunked body has no length to check and is counted here.
        // (Reading a body here and passing on an ended HTTP/2 request breaks Quarkus REST, which
        // pauses the request; HTTP/2 bodies without a length fall under the global limit.)
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (!jobRoute || request.isEnded() || declared >= 0 || !chunked || request.version() == HttpVersion.HTTP_2) {
            ctx.next();
            return;
        }
        readWithin(ctx, limit);
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
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(ProblemMappers.bodyTooLarge(request.path(), limit));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(done -> request.connection().close())
                .end(Buffer.buffer(json));
    }
}
