package no.grantreports.reexport.problem;

import java.util.Locale;

/**
 * Every kind of problem the API answers, the one list of them. A client switches on {@code code}
 * (snake_case of the constant) or on {@code type} (a stable URI ending in the kebab-case slug); both are
 * derived from the constant's name, so they cannot drift apart. The OpenAPI document's enum of
 * {@code Problem.code} is read from here (OpenApiSdkFilter); docs/generated-clients.md has the table.
 * Renaming a constant breaks clients: add, never rename.
 */
public enum ProblemType {
    /** Values that break the rules of a field or parameter; {@code errors} has one entry per value. */
    VALIDATION(400),
    /** The request cannot be read at all: no body, not JSON, the wrong shape. */
    MALFORMED_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    /** The request body did not arrive in time (a body that trickles in). */
    REQUEST_TIMEOUT(408),
    /** DELETE of a job that is no longer pending. */
    REEXPORT_NOT_CANCELLABLE(409),
    /** PUT asks for a status move (or change) the job's current status does not allow. */
    STATUS_TRANSITION_NOT_ALLOWED(409),
    /** Download of a job that has not completed. */
    FILE_NOT_READY(409),
    /** Two writers changed the job at the same moment; read it again and retry. */
    CONCURRENT_UPDATE(409),
    /** The file was deleted by retention, or is no longer in the store. */
    FILE_GONE(410),
    /** If-Match does not match the job's current ETag. */
    PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Values that are valid alone but do not fit the job (e.g. an output_file_ref outside its organisation). */
    INCONSISTENT_VALUES(422),
    /** The Idempotency-Key was used before with another request body. */
    IDEMPOTENCY_KEY_REUSED(422),
    /** The report document parsed but breaks the model; {@code errors} point at each element. */
    INVALID_REPORT(422),
    /** The job queue is full; retry after Retry-After. */
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    /** This instance is momentarily overloaded, or the database or file store is unavailable; retry after Retry-After. */
    SERVICE_UNAVAILABLE(503);

    /** Problem type URIs are identifiers (RFC 9457 §3.1.1): stable, not necessarily dereferenceable. */
    public static final String BASE_URI = "https://grantreports.no/problems/";

    private final int status;

    ProblemType(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The machine-readable {@code code} member, e.g. {@code reexport_not_cancellable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code type} member, e.g. {@code https://grantreports.no/problems/reexport-not-cancellable}. */
    public String uri() {
        return BASE_URI + code().replace('_', '-');
    }

    /** The kind a bare status stands for, where no more specific kind was named. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 409 -> STATUS_TRANSITION_NOT_ALLOWED;
            case 410 -> FILE_GONE;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> INCONSISTENT_VALUES;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }
}
