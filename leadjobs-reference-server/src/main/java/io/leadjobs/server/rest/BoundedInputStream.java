package io.leadjobs.server.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body and fails with 413 as soon as more than {@code limit} bytes have come, so that a body
 * is never taken whole into memory before its size is known.
 */
final class BoundedInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "The request body is larger than the limit of " + limit + " bytes.",
                java.util.List.of(ApiException.Detail.of("Split the upload into smaller files, or raise "
                        + "LEADJOBS_MAX_UPLOAD_BYTES on the server.")));
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
            throw tooLarge(limit);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
