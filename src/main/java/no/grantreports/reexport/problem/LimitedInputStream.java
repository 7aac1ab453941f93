package no.grantreports.reexport.problem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A streamed request body that may not grow past {@code limit} bytes: reading beyond it fails with a
 * 413 problem. For bodies too large to buffer (report documents) sent without a length the codec could
 * check (HTTP/2, chunked), so the work done so far is rolled back and the rest is never read.
 */
public final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    public LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw ProblemException.contentTooLarge(RequestBodyLimits.tooLargeDetail(limit));
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
