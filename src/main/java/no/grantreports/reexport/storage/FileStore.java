package no.grantreports.reexport.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;

/**
 * Where output files live. A ref is a relative, slash-separated name such as
 * {@code reports/org_x/reexports/file.xlsx}. Implementations block: call them off the event loop.
 * Failures of the store itself are {@link StorageUnavailableException}s; a file that should be
 * there and is not is a {@link StoredFileGoneException}.
 */
public interface FileStore {

    /**
     * Writes a new file under {@code ref} and returns its size. The file becomes visible only when
     * the writer has finished; on failure nothing is left behind. An existing file is never replaced.
     */
    long write(String ref, ContentWriter writer) throws IOException;

    /** Deletes the file if it exists; returns whether it did. */
    boolean delete(String ref) throws IOException;

    boolean exists(String ref) throws IOException;

    /** Fails when files cannot be written now (readiness); the message says why. */
    void checkWritable() throws StorageUnavailableException;

    /** Bytes free where files are staged while they are written (the folder, or java.io.tmpdir for S3). */
    long usableSpace() throws IOException;

    /**
     * Opens a stored file for reading, with its size as the store knows it (not as a database row
     * says). {@link StoredFileGoneException} when there is no such file.
     */
    StoredFile open(String ref) throws IOException;

    /** An opened file: the caller closes {@code content}. */
    record StoredFile(InputStream content, long size) {
    }

    /**
     * Deletes temporary files that a crashed writer left behind: those not written to for
     * {@code olderThan}, not being written by this instance, and not for a ref in {@code liveRefs}
     * (the files running claims of any instance are building). Returns how many went.
     */
    int sweepTemporaryFiles(Duration olderThan, Set<String> liveRefs) throws IOException;

    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
