package io.leadjobs.server.rest;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the uploads being read may take together: each upload draws on it as its body arrives and its
 * rows are read (by the same estimate as {@link UploadLimits#maxHeldBytes()}), and gives it all back once its job
 * is stored or it is refused. An upload that would take it past the limit while others hold some is refused with
 * 503 and {@code Retry-After}, so that a few large uploads at once cannot exhaust the heap the running jobs and the
 * connected clients need. An upload alone may always go on to its own limits, so that the largest upload allowed
 * is never refused for this reason alone.
 */
final class UploadMemory {
    /** The default share of the JVM's maximum heap. */
    static final double HEAP_SHARE = 0.4;
    /** Seconds a refused upload is told to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    UploadMemory(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the uploads' heap limit must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /** {@link #HEAP_SHARE} of the JVM's maximum heap. */
    static UploadMemory ofHeap() {
        return new UploadMemory((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
    }

    /** A share of no limit, which counts nothing: for readers used outside the servlet. */
    static final Claim UNLIMITED = new UploadMemory(Long.MAX_VALUE).claim();

    long limit() {
        return limit;
    }

    /** Bytes the uploads being read hold now. */
    long held() {
        return held.get();
    }

    /** One upload's share, empty until it takes some; give it back with {@link Claim#close()}. */
    Claim claim() {
        return new Claim();
    }

    /** One upload's share of the memory; closing it twice gives back nothing more. */
    final class Claim implements AutoCloseable {
        private long taken;
        private boolean closed;

        /**
         * Takes {@code bytes} more for this upload.
         *
         * @throws ApiException 503 with a {@code Retry-After} of {@link #RETRY_AFTER_SECONDS} when that would take
         *                      the uploads past the limit while other uploads hold part of it
         */
        synchronized void take(long bytes, int row) {
            if (bytes <= 0 || closed || limit == Long.MAX_VALUE) {
                return;
            }
            while (true) {
                long now = held.get();
                boolean alone = now == taken;
                if (now + bytes > limit && !alone) {
                    throw refused(row);
                }
                if (held.compareAndSet(now, now + bytes)) {
                    taken += bytes;
                    return;
                }
            }
        }

        synchronized long taken() {
            return taken;
        }

        private ApiException refused(int row) {
            String where = row > 0 ? "By row " + row + " this upload" : "This upload";
            return new ApiException(503, "The server is reading other uploads and has no memory left for this one; "
                    + "try again in a few seconds.", List.of(ApiException.Detail.row(Math.max(row, 0), where
                    + " would take the uploads being read past " + limit / (1024 * 1024) + " MiB of heap, the most "
                    + "they may hold together; nothing of it was kept.")), RETRY_AFTER_SECONDS);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                held.addAndGet(-taken);
                taken = 0;
            }
        }
    }
}
