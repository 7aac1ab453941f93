package no.grantreports.reexport.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where output files live. A ref is a relative, slash-separated name such as
 * {@code reports/org_x/reexports/file.xlsx}. Implementations block: call them off the event loop.
 */
public interface FileStore {

    /**
     * Writes a new file under {@code ref} and returns its size. The file becomes visible only when
     * the writer has finished; on failure nothing is left behind. An existing file is never replaced.
     */
    long write(String ref, ContentWriter writer) throws IOException;

    /** Deletes the file if it exists; returns whether it did. */
    boolean delete(String ref) throws IOException;

    boolean exists(String ref);

    /** Fails when files cannot be written now (readiness). */
    void checkWritable() throws IOException;

    /**
     * Opens a stored file for reading, with its size as the store knows it (not as a database row
     * says). {@link java.nio.file.NoSuchFileException} when there is no such file.
     */
    StoredFile open(String ref) throws IOException;

    /** An opened file: the caller closes {@code content}. */
    record StoredFile(InputStream content, long size) {
    }

    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
