package io.leadjobs.server.rest;

import io.leadjobs.core.spi.LeadJobsExecutors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Streams a large response without holding a container thread while the client reads. The body is produced on
 * a download thread into a small queue of chunks; Servlet non-blocking I/O ({@link WriteListener}) sends the chunks
 * as fast as the client takes them. When the queue is full the download thread waits, but at most
 * {@code stallTimeout} without the client taking a byte; then the download is abandoned and the connection is
 * given up. A client that never reads thus costs one download thread for that long, never an HTTP worker.
 */
final class AsyncDownload implements WriteListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncDownload.class);
    private static final int CHUNK = 32 * 1024;
    private static final int MAX_QUEUED = 256 * 1024;

    /** Writes the body; called once, on a download thread. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final long stallNanos;
    private final Object lock = new Object();
    private final Object writing = new Object();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int queued;
    private long lastProgress = System.nanoTime();
    private boolean finished;
    private Throwable failure;

    private AsyncDownload(AsyncContext async, ServletOutputStream out, Duration stallTimeout) {
        this.async = async;
        this.out = out;
        this.stallNanos = stallTimeout.toNanos();
    }

    /**
     * Download threads and the slots for them: at most as many downloads run at once as there are threads; more
     * are refused at once (the caller answers 503) rather than queued behind clients that do not read.
     */
    static final class Pool implements AutoCloseable {
        private final ExecutorService threads;
        private final Semaphore slots;
        private final Duration stallTimeout;

        Pool(int threads, Duration stallTimeout) {
            this.threads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    LeadJobsExecutors.threadFactory("leadjobs-download"));
            ((ThreadPoolExecutor) this.threads).allowCoreThreadTimeOut(true);
            this.slots = new Semaphore(threads);
            this.stallTimeout = stallTimeout;
        }

        /**
         * Sets the status and headers and starts a download; false, with nothing started and nothing written,
         * when every download thread is busy.
         */
        boolean start(HttpServletRequest request, String what, Runnable headers, Body body) throws IOException {
            if (!slots.tryAcquire()) {
                return false;
            }
            try {
                headers.run();
                AsyncContext async = request.startAsync();
                // the download thread watches the client's progress; a container timeout would cut long downloads
                async.setTimeout(0);
                AsyncDownload download = new AsyncDownload(async, async.getResponse().getOutputStream(), stallTimeout);
                async.addListener(download);
                download.out.setWriteListener(download);
                threads.execute(() -> {
                    try {
                        download.produce(body, what);
                    } finally {
                        slots.release();
                    }
                });
                return true;
            } catch (IOException | RuntimeException e) {
                slots.release();
                throw e;
            }
        }

        @Override
        public void close() {
            LeadJobsExecutors.shutdown(threads, Duration.ofSeconds(5));
        }
    }

    private void produce(Body body, String what) {
        Queue queue = new Queue();
        try {
            body.writeTo(queue);
            queue.close();
            awaitDrained();
        } catch (InterruptedIOException e) {
            LOG.info("Abandoned {}: {}", what, e.getMessage());
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.info("Abandoned {}: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Writing {} failed", what, e);
        } finally {
            synchronized (lock) {
                finished = true;
            }
            complete();
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable error) {
        synchronized (lock) {
            failure = error;
            lock.notifyAll();
        }
    }

    /** Sends queued chunks while the container can take them without blocking; from any thread. */
    private void drain() {
        synchronized (writing) {
            while (true) {
                byte[] next;
                synchronized (lock) {
                    next = chunks.peek();
                    if (next == null || failure != null || finished) {
                        return;
                    }
                }
                try {
                    if (!out.isReady()) {
                        // the container calls onWritePossible once the client has taken what is pending
                        return;
                    }
                    out.write(next);
                } catch (IOException | RuntimeException e) {
                    onError(e);
                    return;
                }
                synchronized (lock) {
                    chunks.poll();
                    queued -= next.length;
                    lastProgress = System.nanoTime();
                    lock.notifyAll();
                }
            }
        }
    }

    private void enqueue(byte[] chunk) throws IOException {
        synchronized (lock) {
            waitWhile(() -> queued + chunk.length > MAX_QUEUED && queued > 0);
            chunks.add(chunk);
            queued += chunk.length;
        }
        drain();
    }

    private void awaitDrained() throws IOException {
        synchronized (lock) {
            waitWhile(() -> queued > 0);
        }
    }

    private interface Condition {
        boolean holds();
    }

    /** Waits, holding {@link #lock}, while the condition holds and the client keeps taking bytes. */
    private void waitWhile(Condition condition) throws IOException {
        try {
            while (condition.holds()) {
                if (failure != null) {
                    throw new IOException("the connection failed: " + failure);
                }
                long left = lastProgress + stallNanos - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the client read nothing for " + Duration.ofNanos(stallNanos).toSeconds() + " s");
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            if (failure != null) {
                throw new IOException("the connection failed: " + failure);
            }
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while waiting for the client");
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.debug("Completing a download failed: {}", e.toString());
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onTimeout(AsyncEvent event) {
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("connection failed") : event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    /** The download thread's side: fills chunks and hands them over. */
    private final class Queue extends OutputStream {
        private byte[] chunk = new byte[CHUNK];
        private int used;

        @Override
        public void write(int b) throws IOException {
            if (used == chunk.length) {
                flush();
            }
            chunk[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == chunk.length) {
                    flush();
                }
                int n = Math.min(length, chunk.length - used);
                System.arraycopy(bytes, offset, chunk, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (used == 0) {
                return;
            }
            byte[] full = used == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, used);
            chunk = new byte[CHUNK];
            used = 0;
            enqueue(full);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
