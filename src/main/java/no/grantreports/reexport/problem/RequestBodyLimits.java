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
import io.vertx.core.http.impl.Http1xUpgradeToH2CHandler;
import io.vertx.core.net.impl.ConnectionBase;
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
 * 413 problem, and the rest of the body is never read in full: see {@link Refusal} for what happens to
 * it on each transport.
 */
@ApplicationScoped
public class RequestBodyLimits {

    /** Routing-context key of a job request's body, read here within the limit and handed to Quarkus REST. */
    static final String BODY = RequestBodyLimits.class.getName() + ".body";
    private static final Pattern API = Pattern.compile("^/api/.*");
    private static final Pattern JOB_ROUTES = Pattern.compile("^/api/v1/report-reexports(/.*)?$");
    /** Before Quarkus' own limit check (order -2), which answers a bare 413 without a problem body. */
    private static final int ORDER = -3;
    /** A lingering close reads and throws away at most this much more of a refused body... */
    static final long LINGER_BYTES = 1L << 20;
    /** ...for at most this long after the answer... */
    static final Duration LINGER_TIME = Duration.ofSeconds(2);
    /** ...and closes sooner once the client has sent nothing for this long. */
    static final Duration LINGER_QUIET = Duration.ofSeconds(1);

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
                    Refusal refusal = new Refusal(raw);
                    routing.addEndHandler(ended -> refusal.answered());
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
     * Answers a problem before the body was read in full; {@link Refusal} deals with the rest of the body.
     */
    private void refuse(RoutingContext ctx, int status, Problem problem) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            request.connection().close(); // no room left for an answer
            return;
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Refusal refusal = new Refusal(request);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close"); // a connection header HTTP/2 forbids
        }
        response.end(Buffer.buffer(json)).onComplete(written -> refusal.answered());
    }

    /**
     * The body of an h2c Upgrade request arrives as HTTP/1.1 (Vert.x turns it into DATA frames of stream 1
     * outside HTTP/2 flow control) until it ends, although {@code version()} says HTTP/2: while it does,
     * Vert.x's upgrade handler is still in the connection's pipeline. Vert.x has no public API for this.
     */
    static boolean upgradeBodyArriving(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            return connection.channel().pipeline().get(Http1xUpgradeToH2CHandler.class) != null;
        }
        return request.streamId() == 1; // cannot tell: assume the first stream may be an upgrade's
    }

    /**
     * What becomes of the rest of a refused body, so the client reads the answer instead of a reset.
     * <ul>
     * <li>HTTP/2 (h2c by prior knowledge, or any stream after an Upgrade): the body is paused (no more
     * flow-control credit), and once the answer is written the stream alone is reset with NO_ERROR
     * (RFC 9113 section 8.1: a complete answer before the request is complete). The connection and its
     * other streams go on.</li>
     * <li>HTTP/1.1: a lingering close, as nginx's {@code lingering_close}. Whatever more arrives is read
     * and thrown away, and the connection is closed when the body ends, past {@link #LINGER_BYTES},
     * {@link #LINGER_TIME} after the answer, or after {@link #LINGER_QUIET} without a byte. Closing under
     * unread bytes makes the kernel reset the connection, which can make a client still writing lose the
     * answer; a client that sends up to about a megabyte more, then reads, gets it.</li>
     * <li>The body of an h2c Upgrade request: paused, answered, and the connection closed. Such a body
     * arrives as HTTP/1.1 outside HTTP/2 flow control: lingering on it let a 150 MB client send far past
     * the bound, so a client still writing an oversized Upgrade body may lose the answer.</li>
     * </ul>
     */
    private final class Refusal {
        private final HttpServerRequest request;
        private final boolean linger;
        private final boolean upgrade;
        private long discarded;
        private long lastArrival = System.nanoTime();
        private boolean answered;
        private boolean closed;
        private long timer = -1;

        Refusal(HttpServerRequest request) {
            this.request = request;
            this.upgrade = request.version() == HttpVersion.HTTP_2 && upgradeBodyArriving(request);
            this.linger = request.version() != HttpVersion.HTTP_2;
            if (!linger) {
                request.pause();
                return;
            }
            request.handler(chunk -> {
                discarded += chunk.length();
                lastArrival = System.nanoTime();
                if (discarded > LINGER_BYTES) {
                    if (answered) {
                        close();
                    } else {
                        request.pause(); // stops reading the socket until the answer is out
                    }
                }
            });
            request.endHandler(ended -> {
                if (answered) {
                    close(); // the connection was told it closes
                }
            });
            request.exceptionHandler(failure -> close());
            request.resume();
        }

        /** Called once the answer is written (or failed to be). */
        void answered() {
            answered = true;
            if (upgrade) {
                // Reading on would not stop an Upgrade's body (it bypasses HTTP/2 flow control): close.
                close();
                return;
            }
            if (!linger) {
                if (!request.isEnded()) {
                    request.response().reset(0); // NO_ERROR: the stream only
                }
                return;
            }
            if (discarded > LINGER_BYTES) {
                close();
                return;
            }
            if (request.isEnded()) {
                close();
                return;
            }
            long deadline = System.nanoTime() + LINGER_TIME.toNanos();
            timer = vertx.setPeriodic(LINGER_QUIET.toMillis() / 5, tick -> {
                long now = System.nanoTime();
                if (now - deadline > 0 || now - lastArrival > LINGER_QUIET.toNanos()) {
                    close();
                }
            });
        }

        private void stopTimer() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            stopTimer();
            LOG.debugf("Refused body of %s %s: %d more bytes discarded before closing", request.method(), request.path(), discarded);
            request.connection().close();
        }
    }
}
