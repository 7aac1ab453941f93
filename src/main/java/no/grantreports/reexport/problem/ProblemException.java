package no.grantreports.reexport.problem;

import java.util.List;

/**
 * A failure that is the client's to fix (or a known conflict). Thrown anywhere; turned into an
 * RFC 9457 problem response by {@link ProblemMappers} only.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType kind;
    private final String title;
    private final List<Problem.FieldError> errors;
    /** Seconds for the Retry-After header; null for none. */
    private final Integer retryAfterSeconds;

    /** A problem of the kind the status stands for ({@link ProblemType#forStatus}). */
    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(ProblemType.forStatus(status), title, detail, errors, null);
    }

    public ProblemException(ProblemType kind, String title, String detail, List<Problem.FieldError> errors) {
        this(kind, title, detail, errors, null);
    }

    private ProblemException(ProblemType kind, String title, String detail, List<Problem.FieldError> errors,
                             Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429: the queue is full; come back after {@code retryAfterSeconds}. */
    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(ProblemType.RATE_LIMITED, "Too Many Requests", detail, null, retryAfterSeconds);
    }

    /** 503: this instance is momentarily overloaded; come back after {@code retryAfterSeconds}. */
    public static ProblemException serviceUnavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Service Unavailable", detail, null, retryAfterSeconds);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "Bad Request", detail, null);
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? "'" + errors.get(0).field() + "' " + errors.get(0).message() + "."
                : "The request has " + errors.size() + " invalid values.";
        return new ProblemException(ProblemType.VALIDATION, "Bad Request", detail, errors);
    }

    /** 401 for a token that verified but cannot be used (a claim out of bounds); answered with WWW-Authenticate. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, "Unauthorized", detail, null);
    }

    /** 413: the request body is larger than the route accepts. */
    public static ProblemException contentTooLarge(String detail) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Content Too Large", detail, null);
    }

    /** 422: well-formed values that do not fit the resource they are for. */
    public static ProblemException unprocessable(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? "'" + errors.get(0).field() + "' " + errors.get(0).message() + "."
                : "The request has " + errors.size() + " values that do not fit this resource.";
        return new ProblemException(ProblemType.INCONSISTENT_VALUES, "Unprocessable Content", detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, "Not Found", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, "Forbidden", detail, null);
    }

    /** A 409 of the given kind (the job's status does not allow what was asked). */
    public static ProblemException conflict(ProblemType kind, String detail) {
        return new ProblemException(kind, "Conflict", detail, null);
    }

    public ProblemType kind() {
        return kind;
    }

    public int status() {
        return kind.status();
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
