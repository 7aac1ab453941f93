package no.grantreports.reexport.problem;

import java.util.List;

/**
 * A failure that is the client's to fix (or a known conflict). Thrown anywhere; turned into an
 * RFC 9457 problem response by {@link ProblemMappers} only.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    /** Seconds for the Retry-After header; null for none. */
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, errors, null);
    }

    private ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
                             Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429: the queue is full; come back after {@code retryAfterSeconds}. */
    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(429, "Too Many Requests", detail, null, retryAfterSeconds);
    }

    /** 503: this instance is momentarily overloaded; come back after {@code retryAfterSeconds}. */
    public static ProblemException serviceUnavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "Service Unavailable", detail, null, retryAfterSeconds);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail, null);
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? "'" + errors.get(0).field() + "' " + errors.get(0).message() + "."
                : "The request has " + errors.size() + " invalid values.";
        return new ProblemException(400, "Bad Request", detail, errors);
    }

    /** 401 for a token that verified but cannot be used (a claim out of bounds); answered with WWW-Authenticate. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, null);
    }

    /** 413: the request body is larger than the route accepts. */
    public static ProblemException contentTooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail, null);
    }

    /** 422: well-formed values that do not fit the resource they are for. */
    public static ProblemException unprocessable(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? "'" + errors.get(0).field() + "' " + errors.get(0).message() + "."
                : "The request has " + errors.size() + " values that do not fit this resource.";
        return new ProblemException(422, "Unprocessable Content", detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
