package io.leadjobs.server;

import io.leadjobs.websocket.auth.AuthenticationException;
import io.leadjobs.websocket.auth.TokenVerifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the server's meters in the Prometheus text format. Open to clients on the loopback
 * interface (a scraper on the same machine); any other client must send {@code Authorization: Bearer <token>}
 * with a token the server accepts, and gets {@code 401} without one.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;
    private final transient TokenVerifier tokens;

    MetricsServlet(PrometheusMeterRegistry registry, TokenVerifier tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!loopback(request.getRemoteAddr())) {
            String header = request.getHeader("Authorization");
            String refusal = null;
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                refusal = "Authentication failed: missing token";
            } else {
                try {
                    tokens.verify(header.substring(7).strip());
                } catch (AuthenticationException e) {
                    refusal = e.getMessage();
                }
            }
            if (refusal != null) {
                byte[] body = ("{\"error\":\"" + refusal + "\",\"details\":[{\"message\":\"/metrics is open on loopback;"
                        + " other clients send Authorization: Bearer <token>.\"}]}").getBytes(StandardCharsets.UTF_8);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("WWW-Authenticate", "Bearer");
                response.setContentType("application/json");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PROMETHEUS_TEXT);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            // a literal address: no name lookup happens
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
