package io.leadjobs.server.web;

import java.util.Objects;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Answers {@code HEAD} on a Grizzly static-file handler as that handler answers {@code GET}, without the body.
 * Grizzly's static handlers serve {@code GET} alone and answer {@code 405} to {@code HEAD}, which RFC 9110 asks
 * every server to support wherever it supports {@code GET}.
 *
 * <p>The wrapped handler sees a {@code GET}, so it sets the status, {@code Content-Type}, {@code Content-Length}
 * and caching headers as for a {@code GET}. The request is marked, and before the HTTP codec writes the response's
 * head it calls {@link #restoreHead(HttpPacket)}, which makes the request a {@code HEAD} again: from there Grizzly
 * answers as it answers any {@code HEAD}, with the head (the security headers included) and no body. This relies on
 * every byte of the body going through the codec: the host turns Grizzly's zero-copy file transfer off, which
 * would go around it.
 */
final class HeadAsGetHandler extends HttpHandler {

    /** The request attribute that marks a {@code HEAD} served as a {@code GET}. */
    private static final String SERVED_AS_GET = HeadAsGetHandler.class.getName() + ".servedAsGet";

    private final HttpHandler getOnly;

    HeadAsGetHandler(HttpHandler getOnly) {
        super(Objects.requireNonNull(getOnly, "getOnly").getName());
        this.getOnly = getOnly;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        HttpRequestPacket packet = request.getRequest();
        if (!Method.HEAD.equals(packet.getMethod())) {
            getOnly.service(request, response);
            return;
        }
        packet.setAttribute(SERVED_AS_GET, Boolean.TRUE);
        packet.setMethod(Method.GET);
        try {
            getOnly.service(request, response);
        } finally {
            packet.setMethod(Method.HEAD);
        }
    }

    /**
     * Called by the HTTP codec before it encodes {@code packet}: when it belongs to the response to a {@code HEAD}
     * that a static handler is serving as a {@code GET}, and the head is not written yet, the request is a
     * {@code HEAD} again, so that the codec writes no body.
     */
    static void restoreHead(HttpPacket packet) {
        if (packet.getHttpHeader() instanceof HttpResponsePacket response && !response.isCommitted()) {
            HttpRequestPacket request = response.getRequest();
            if (request != null && request.getAttribute(SERVED_AS_GET) != null) {
                request.setMethod(Method.HEAD);
            }
        }
    }

    @Override
    public void start() {
        getOnly.start();
    }

    @Override
    public void destroy() {
        getOnly.destroy();
    }
}
