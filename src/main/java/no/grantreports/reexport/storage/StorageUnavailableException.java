package no.grantreports.reexport.storage;

import java.io.IOException;

/**
 * The store cannot be used right now (unreachable, refusing access, bucket missing, disk full or
 * read-only). Downloads answer 503 with Retry-After; jobs say the reason in their error message.
 * The message is safe to show to clients: it names the cause, never credentials or local paths.
 */
public class StorageUnavailableException extends IOException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageUnavailableException(String message) {
        super(message);
    }
}
