package io.leadjobs.server.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that goes away in the middle of a request (an aborted upload, a closed poll, a download it stops
 * reading) is ordinary on the internet: it costs one DEBUG line here instead of the container's ERROR with a
 * stack trace. Any other failure passes on unchanged.
 */
final class ClientDisconnectFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnectFilter.class);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException e) {
            Throwable gone = clientGone(e);
            if (gone == null) {
                throw e;
            }
            String what = request instanceof HttpServletRequest http ? http.getMethod() + " " + http.getRequestURI() : "request";
            LOG.debug("The client went away during {} ({}: {})", what, gone.getClass().getSimpleName(), gone.getMessage());
        }
    }

    /** The exception in the chain that says the client's connection closed, or null. */
    static Throwable clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException) {
                return t;
            }
            if (t instanceof IOException) {
                String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("connection is closed") || m.contains("broken pipe") || m.contains("connection reset")
                        || m.contains("connection was closed") || m.contains("stream closed")) {
                    return t;
                }
            }
        }
        return null;
    }
}
