package no.grantreports.reexport.storage;

import java.nio.file.NoSuchFileException;

/**
 * A file that should exist is not in the store (deleted behind the service's back). The one
 * "file gone" failure of every store: downloads answer it with a 410 problem, not a 500.
 */
public class StoredFileGoneException extends NoSuchFileException {

    public StoredFileGoneException(String ref) {
        super(ref);
    }
}
