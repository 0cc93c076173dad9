package io.leadjobs.engineio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body with Servlet non-blocking I/O (the implementation of {@link RequestBodies}): no container
 * thread waits while a client trickles its bytes. The whole body must arrive within a deadline that allows a
 * minimum rate for the bytes the request declares (or, without a length, for the largest body allowed) after
 * {@link RequestBodies#GRACE}; a client slower than that gets the outcome's {@code tooSlow} and its connection is
 * closed. Exactly one of the outcome's methods runs, once, on a container thread; the async context is completed
 * after it returns.
 */
final class AsyncBody implements ReadListener, AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncBody.class);

    /** The slowest average rate an Engine.IO polling body may arrive at. */
    static final int POLLING_MIN_BYTES_PER_SECOND = 1024;

    private final AsyncContext async;
    private final int limit;
    private final RequestBodies.Outcome outcome;
    /** The body when its length is declared (and within the limit): filled in place, handed over without a copy. */
    private final byte[] exact;
    private int filled;
    /** The body when its length is not declared. */
    private final ByteArrayOutputStream bytes;
    private final byte[] buffer;
    private final AtomicBoolean done = new AtomicBoolean();
    private ServletInputStream in;
    private String what = "a request";

    private AsyncBody(AsyncContext async, int limit, long declared, RequestBodies.Outcome outcome) {
        this.async = async;
        this.limit = limit;
        this.outcome = outcome;
        boolean known = declared >= 0 && declared <= limit;
        this.exact = known ? new byte[(int) declared] : null;
        this.bytes = known ? null : new ByteArrayOutputStream();
        this.buffer = known ? null : new byte[8192];
    }

    /** The deadline for a body of {@code expectedBytes}: the grace period plus the bytes at the minimum rate. */
    static Duration deadline(long expectedBytes, int minBytesPerSecond) {
        return RequestBodies.GRACE.plusMillis(Math.max(0, expectedBytes) * 1000 / minBytesPerSecond);
    }

    /**
     * Starts reading at most {@code limit} bytes of the request's body; the caller returns from {@code service}
     * right after.
     */
    static void read(HttpServletRequest request, HttpServletResponse response, int limit, int minBytesPerSecond,
                     RequestBodies.Outcome outcome) throws IOException {
        long declared = request.getContentLengthLong();
        AsyncContext async = request.startAsync(request, response);
        long expected = declared >= 0 ? Math.min(declared, limit + 1L) : limit + 1L;
        async.setTimeout(deadline(expected, minBytesPerSecond).toMillis());
        AsyncBody reader = new AsyncBody(async, limit, declared, outcome);
        reader.what = request.getMethod() + " " + request.getRequestURI();
        async.addListener(reader);
        reader.in = request.getInputStream();
        reader.in.setReadListener(reader);
        // read what has come already: some containers (Grizzly) call the listener only after isReady() said false
        try {
            reader.onDataAvailable();
        } catch (IOException e) {
            reader.onError(e);
        }
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            if (exact != null && filled == exact.length) {
                break; // every declared byte is here
            }
            int n = exact != null ? in.read(exact, filled, exact.length - filled) : in.read(buffer);
            if (n < 0) {
                // some containers (Grizzly) report the end here rather than through onAllDataRead
                onAllDataRead();
                return;
            }
            if (exact != null) {
                filled += n;
            } else {
                bytes.write(buffer, 0, n);
                if (bytes.size() > limit) {
                    finish(outcome::tooLarge, true);
                    return;
                }
            }
        }
        if (!done.get() && (in.isFinished() || (exact != null && filled == exact.length))) {
            onAllDataRead();
        }
    }

    @Override
    public void onAllDataRead() {
        if (exact != null && filled < exact.length) {
            // the connection ended before the declared length: a client that went away, not a body to parse
            onError(new EOFException("the body ended after " + filled + " of " + exact.length + " bytes"));
            return;
        }
        finish(() -> outcome.body(exact != null ? exact : bytes.toByteArray()), false);
    }

    @Override
    public void onError(Throwable error) {
        if (done.compareAndSet(false, true)) {
            // a client that goes away half way is ordinary on the internet: one DEBUG line, no stack trace
            LOG.debug("The client went away during {} ({}: {})", what, error.getClass().getSimpleName(),
                    error.getMessage());
            outcome.failed(error);
            complete();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        finish(outcome::tooSlow, true);
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("connection failed") : event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (done.compareAndSet(false, true)) {
            outcome.failed(new IOException("the request ended before its body was read"));
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs the outcome once; {@code close}: the rest of the body is not read, so the connection is not reused. */
    private void finish(Step step, boolean close) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            if (close) {
                ((HttpServletResponse) async.getResponse()).setHeader("Connection", "close");
            }
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Answering a request failed: {}", e.toString());
        } finally {
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.debug("Completing a request failed: {}", e.toString());
        }
    }
}
