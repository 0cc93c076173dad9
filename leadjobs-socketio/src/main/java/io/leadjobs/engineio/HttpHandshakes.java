package io.leadjobs.engineio;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the parts of an HTTP request that Engine.IO needs; query strings are parsed here, never from the body. */
final class HttpHandshakes {

    private HttpHandshakes() {
    }

    /** Parses a query string; throws IllegalArgumentException naming the bad part. */
    static Map<String, String> parseQuery(String queryString) {
        Map<String, String> query = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return query;
        }
        if (queryString.length() > 8192) {
            throw new IllegalArgumentException("the query string is longer than 8192 characters");
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query string has a malformed escape in '" + part + "'");
        }
    }

    static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    static Map<String, List<String>> lowerCase(Map<String, List<String>> raw) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        raw.forEach((name, values) -> headers.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        return headers;
    }

    static EngineIoHandshake handshake(HttpServletRequest request, Map<String, String> query, String transport) {
        String uri = request.getRequestURI();
        String qs = request.getQueryString();
        return new EngineIoHandshake(transport,
                request.getRemoteAddr() == null ? "unknown" : request.getRemoteAddr(),
                headers(request), query, qs == null ? uri : uri + "?" + qs, request.isSecure(), Instant.now());
    }
}
