package no.grantreports.reexport.problem;

import no.grantreports.reexport.database.DatabaseFailures;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.NoStackTraceThrowable;
import jakarta.persistence.OptimisticLockException;
import no.grantreports.reexport.database.DatabaseOutage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The one place where failures become RFC 9457 problem responses. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** As for AdmissionControl's 503: an overloaded instance frees up within a second. */
    static final int POOL_RETRY_AFTER_SECONDS = 1;

    private final DatabaseOutage outage;

    public ProblemMappers(DatabaseOutage outage) {
        this.outage = outage;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder builder = problemBuilder(e.kind(), e.title(), e.getMessage(), request, e.errors());
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        // The JSON reader wraps Jackson's own failures; answer them as precisely as when thrown directly.
        if (e.getCause() instanceof UnrecognizedPropertyException cause) {
            return unrecognizedProperty(cause, request);
        }
        if (e.getCause() instanceof JsonMappingException cause) {
            return wrongType(cause, request);
        }
        if (e.getCause() instanceof JsonProcessingException cause) {
            return jsonProcessing(cause, request);
        }
        if (status >= 500) {
            return unexpected(e, request);
        }
        String detail = switch (status) {
            case 404 -> "No resource at " + request.path() + ".";
            case 405 -> "Method " + request.method() + " is not allowed on " + request.path() + ".";
            case 406 -> "The requested media type is not available; this API answers application/json.";
            case 415 -> "Unsupported content type '" + request.getHeader(HttpHeaders.CONTENT_TYPE)
                    + "'; send application/json.";
            default -> "The request could not be processed.";
        };
        Response.ResponseBuilder builder = problemBuilder(ProblemType.forStatus(status), reason(status), detail, request, List.of());
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = path(e);
        return respond(ProblemType.VALIDATION, "Bad Request", "Unknown field '" + field + "'.", request,
                List.of(new Problem.FieldError(field, "unknown field")));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpServerRequest request) {
        return wrongType(e, request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return wrongType(e, request);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
        return wrongType(e, request);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, HttpServerRequest request) {
        return respond(ProblemType.MALFORMED_REQUEST, "Bad Request", "The request body is not valid JSON.", request, List.of());
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, HttpServerRequest request) {
        return respond(ProblemType.MALFORMED_REQUEST, "Bad Request", "The request body is not valid JSON.", request, List.of());
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(HttpServerRequest request) {
        return problemBuilder(ProblemType.UNAUTHORIZED, "Unauthorized", "A valid bearer token is required.", request, List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(ProblemType.FORBIDDEN, "Forbidden", "The token lacks the role this operation needs.", request, List.of());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentUpdate(HttpServerRequest request) {
        return respond(ProblemType.CONCURRENT_UPDATE, "Conflict", "The job was changed by someone else at the same time; read it again and retry.",
                request, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (e instanceof ProblemException p) {
            return problem(p, request);
        }
        if (DatabaseFailures.unavailable(e) || outage.active() && poolExhausted(e)) {
            // PostgreSQL is down or cut off: logged once per outage (DatabaseOutage), not per request.
            outage.failed(e);
            outage.refusedOne();
            int retryAfter = outage.retryAfterSeconds();
            return problem(ProblemException.serviceUnavailable("The database is unavailable; retry after "
                    + retryAfter + " s.", retryAfter), request);
        }
        if (poolExhausted(e)) {
            // The backstop behind AdmissionControl: the database pool's wait queue is full or a
            // connection did not come in time. The client may retry; it is not our bug.
            LOG.debugf("Database pool exhausted on %s %s: %s", request.method(), request.path(), e.getMessage());
            return problem(ProblemException.serviceUnavailable("The service is overloaded (no database connection "
                    + "available); retry after " + POOL_RETRY_AFTER_SECONDS + " s.", POOL_RETRY_AFTER_SECONDS), request);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemSource source) { // a feature's own failure (invalid report, file gone, storage down)
                ProblemException mapped = source.toProblem();
                if (mapped.status() >= 500) {
                    // Readiness already reports it (e.g. StorageHealth logs once when it starts): no log line per request.
                    LOG.debugf("%s on %s %s: %s", t.getClass().getSimpleName(), request.method(), request.path(), t.getMessage());
                }
                return problem(mapped, request);
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s %s (incident %s)", request.method(), request.path(), incident);
        return respond(ProblemType.INTERNAL_ERROR, "Internal Server Error",
                "An unexpected error occurred; quote incident " + incident + " when reporting it.", request, List.of());
    }

    /**
     * Vert.x SQL pool: wait queue full (ConnectionPoolTooBusyException) or no connection within
     * the acquire timeout (a bare "Timeout" when a connection is requested, as Hibernate Reactive
     * does; "Timeout waiting for connection" for a query run on the pool).
     */
    static boolean poolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionPoolTooBusyException
                    || t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage())
                    || t instanceof VertxException && "Timeout waiting for connection".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private Response wrongType(JsonMappingException e, HttpServerRequest request) {
        String field = path(e);
        if (field.isEmpty()) {
            return respond(ProblemType.MALFORMED_REQUEST, "Bad Request", "The request body does not have the expected shape.", request, List.of());
        }
        String message = e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null
                ? iae.getMessage() : "wrong type or value";
        return respond(ProblemType.VALIDATION, "Bad Request", "Invalid value for '" + field + "': " + message + ".", request,
                List.of(new Problem.FieldError(field, message)));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static Response respond(int status, String title, String detail, HttpServerRequest request,
                            List<Problem.FieldError> errors) {
        return respond(ProblemType.forStatus(status), title, detail, request, errors);
    }

    static Response respond(ProblemType kind, String title, String detail, HttpServerRequest request,
                            List<Problem.FieldError> errors) {
        return problemBuilder(kind, title, detail, request, errors).build();
    }

    static Response.ResponseBuilder problemBuilder(int status, String title, String detail, HttpServerRequest request,
                                                   List<Problem.FieldError> errors) {
        return problemBuilder(ProblemType.forStatus(status), title, detail, request, errors);
    }

    static Response.ResponseBuilder problemBuilder(ProblemType kind, String title, String detail, HttpServerRequest request,
                                                   List<Problem.FieldError> errors) {
        Problem body = new Problem(kind, title, detail, request == null ? null : request.path(), errors);
        return Response.status(kind.status()).type(Problem.MEDIA_TYPE).entity(body);
    }

    /** Written by {@link RequestBodyLimits} on the router, where no exception mapper runs. */
    static Problem bodyTooLarge(String path, long limit) {
        return new Problem(ProblemType.PAYLOAD_TOO_LARGE, "Content Too Large", RequestBodyLimits.tooLargeDetail(limit), path,
                List.of());
    }

    /** Written by {@link RequestBodyLimits} when a body trickles in too slowly. */
    static Problem bodyReadTimeout(String path, java.time.Duration timeout) {
        return new Problem(ProblemType.REQUEST_TIMEOUT, "Request Timeout",
                "The request body did not arrive within " + timeout.toSeconds() + " s.", path, List.of());
    }

    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
