package io.leadjobs.engineio;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads request bodies without holding a container thread, as the Engine.IO servlet reads polling POSTs: for a
 * host's own servlets beside it (an upload API), so that clients that trickle their bytes cannot take the
 * container's threads. Servlet 6 non-blocking I/O; works in any container that supports it.
 *
 * <p>The whole body must arrive within {@link #GRACE} plus its declared length (or, without one, {@code limit})
 * at {@code minBytesPerSecond}; otherwise {@link Outcome#tooSlow()} answers and the connection is closed. A body
 * over {@code limit} bytes gets {@link Outcome#tooLarge()} as soon as it is seen, without reading the rest.
 */
public final class RequestBodies {

    /** Time allowed on top of the minimum rate, for a client's first bytes and a slow start. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    /** What becomes of a body; each method writes the response, and the request is completed after it returns. */
    public interface Outcome {
        /**
         * The whole body arrived.
         *
         * @param body its bytes, at most the limit
         * @throws IOException when writing the response fails
         */
        void body(byte[] body) throws IOException;

        /**
         * The body is longer than the limit; the rest is not read and the connection will be closed.
         *
         * @throws IOException when writing the response fails
         */
        void tooLarge() throws IOException;

        /**
         * The body did not arrive within its deadline; the connection will be closed.
         *
         * @throws IOException when writing the response fails
         */
        void tooSlow() throws IOException;

        /**
         * The connection failed (the client went away); nothing can be written.
         *
         * @param error what the container reported
         */
        default void failed(Throwable error) {
        }
    }

    private RequestBodies() {
    }

    /**
     * Starts reading the request's body; the servlet returns from {@code service} right after, and exactly one of
     * the outcome's methods runs later, once, on a container thread.
     *
     * @param request           the request, whose servlet must support async
     * @param response          its response
     * @param limit             the most bytes accepted
     * @param minBytesPerSecond the slowest average rate the body may arrive at, at least 1
     * @param outcome           what to do with the body, or with a body too large or too slow
     * @throws IOException when the request's input cannot be opened
     */
    public static void read(HttpServletRequest request, HttpServletResponse response, int limit, int minBytesPerSecond,
                            Outcome outcome) throws IOException {
        Objects.requireNonNull(outcome, "outcome");
        if (limit < 0 || minBytesPerSecond < 1) {
            throw new IllegalArgumentException("limit must be 0 or more and minBytesPerSecond at least 1, were "
                    + limit + " and " + minBytesPerSecond);
        }
        AsyncBody.read(request, response, limit, minBytesPerSecond, outcome);
    }
}
