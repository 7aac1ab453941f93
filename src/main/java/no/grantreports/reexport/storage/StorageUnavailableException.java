package no.grantreports.reexport.storage;

import no.grantreports.reexport.common.NotADatabaseFailure;
import no.grantreports.reexport.problem.ProblemException;
import no.grantreports.reexport.problem.ProblemSource;

import java.io.IOException;

/**
 * The store cannot be used right now (unreachable, refusing access, bucket missing, disk full or
 * read-only). Downloads answer 503 with Retry-After; jobs say the reason in their error message.
 * The message is safe to show to clients: it names the cause, never credentials or local paths.
 */
public class StorageUnavailableException extends IOException implements NotADatabaseFailure, ProblemSource {

    /** A store outage (network, S3 restart) usually lasts seconds to minutes. */
    static final int RETRY_AFTER_SECONDS = 10;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageUnavailableException(String message) {
        super(message);
    }

    @Override
    public ProblemException toProblem() {
        return ProblemException.serviceUnavailable("The file store is unavailable right now; retry after "
                + RETRY_AFTER_SECONDS + " s.", RETRY_AFTER_SECONDS);
    }
}
