package io.leadjobs.server.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * CORS for the REST API: an allowed {@code Origin} gets {@code Access-Control-Allow-Origin} (that origin) and a
 * preflight answer; another origin gets no CORS headers (the browser then refuses the answer) and a refused
 * preflight. Requests without an {@code Origin} (curl, servers, same-origin GETs) pass untouched.
 */
final class CorsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient List<String> allowed;

    CorsFilter(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        response.addHeader("Vary", "Origin");
        boolean ok = allowed.contains("*") || allowed.contains(origin.toLowerCase(Locale.ROOT))
                || sameOrigin(request, origin);
        if (ok) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", "Location, Retry-After");
        }
        if (preflight) {
            if (ok) {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean sameOrigin(HttpServletRequest request, String origin) {
        String host = request.getHeader("Host");
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }
}
