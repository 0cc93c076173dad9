package io.leadjobs.engineio;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server knew about the HTTP request that opened an Engine.IO connection.
 *
 * @param transport     {@code "polling"} or {@code "websocket"}: the transport of the opening request
 * @param remoteAddress the peer's IP address as the container reports it ({@code "unknown"} if it does not)
 * @param headers       request headers, names in lower case
 * @param query         query parameters (first value of each)
 * @param url           the request URI with its query string
 * @param secure        whether the request came over TLS
 * @param issued        when the handshake was accepted
 */
public record EngineIoHandshake(
        String transport,
        String remoteAddress,
        Map<String, List<String>> headers,
        Map<String, String> query,
        String url,
        boolean secure,
        Instant issued) {

    public EngineIoHandshake {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(issued, "issued");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A query parameter by name. */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
