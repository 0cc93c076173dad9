package io.leadjobs.engineio;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An Engine.IO v4 server (handshake, heartbeat, long-polling with payload framing, upgrade to WebSocket,
 * close) whose transports are standard Jakarta APIs, so any Servlet 6 / WebSocket 2.1 container hosts it.
 *
 * <pre>{@code
 * EngineIoServer server = EngineIoServer.builder()
 *         .onConnection(socket -> socket.setMessageListener(new MessageListener() { ... }))
 *         .build();
 * server.install(servletContext);   // or mount server.servlet() at server.servletMapping() yourself
 * ...
 * server.close();
 * }</pre>
 */
public interface EngineIoServer extends AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /** The path clients connect to, e.g. {@code /socket.io/}, relative to the servlet context. */
    String path();

    /** The servlet mapping that serves {@link #path()}: the path followed by {@code *}. */
    String servletMapping();

    /**
     * The servlet serving long-polling and, where the container supports {@code ServerContainer
     * .upgradeHttpToWebSocket} (Jakarta WebSocket 2.1), WebSocket upgrades too, so both transports share
     * one path and port. Register it with async support at {@link #servletMapping()}.
     */
    HttpServlet servlet();

    /**
     * The WebSocket transport as an endpoint configuration for {@code ServerContainer.addEndpoint}, for
     * containers where the servlet cannot perform the upgrade. When registered this way, handshake
     * refusals close the socket (code 1008) instead of answering an HTTP status.
     */
    ServerEndpointConfig webSocketEndpointConfig();

    /**
     * Registers {@link #servlet()} (async supported) at {@link #servletMapping()} in a context that is being
     * initialized (a {@code ServletContainerInitializer} or {@code ServletContextListener}).
     */
    void install(ServletContext context);

    /** Connections open now. */
    int connectionCount();

    /** Closes every connection and stops the server's threads. Idempotent. */
    @Override
    void close();

    /** Configures an {@link EngineIoServer}; setters validate at once and fail with a full sentence. */
    final class Builder {
        String path = "/engine.io/";
        Duration pingInterval = Duration.ofMillis(25_000);
        Duration pingTimeout = Duration.ofMillis(20_000);
        int maxPayload = 1_000_000;
        int outboundQueueCapacity = 1_000;
        final Set<String> allowedOrigins = new LinkedHashSet<>();
        HandshakeFilter handshakeFilter = HandshakeFilter.acceptAll();
        Consumer<EngineIoSocket> connectionListener = socket -> { };

        Builder() {
        }

        /** The path clients use, starting and ending with {@code /}; default {@code /engine.io/}. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || !path.endsWith("/") || path.contains("*") || path.contains("?")) {
                throw EngineIoException.invalidSetting(
                        "path must start and end with '/' and contain no '*' or '?', was '" + path + "'");
            }
            this.path = path;
            return this;
        }

        /** How often the server pings; default 25 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive("pingInterval", interval);
            return this;
        }

        /** How long the server waits for a pong before closing; default 20 s. */
        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = positive("pingTimeout", timeout);
            return this;
        }

        /** Largest accepted HTTP body or WebSocket message in bytes; default 1,000,000. */
        public Builder maxPayload(int bytes) {
            if (bytes < 16 || bytes > 100_000_000) {
                throw EngineIoException.invalidSetting("maxPayload must be between 16 and 100000000 bytes, was " + bytes);
            }
            this.maxPayload = bytes;
            return this;
        }

        /** How many messages may wait for one slow client before the overflow policy applies; default 1000. */
        public Builder outboundQueueCapacity(int messages) {
            if (messages < 1 || messages > 1_000_000) {
                throw EngineIoException.invalidSetting(
                        "outboundQueueCapacity must be between 1 and 1000000, was " + messages);
            }
            this.outboundQueueCapacity = messages;
            return this;
        }

        /**
         * Origins allowed besides the server's own (CORS for polling, Origin check on the WebSocket upgrade),
         * each as {@code scheme://host[:port]}, or {@code *} for any. By default only same-origin browsers
         * (and clients that send no Origin header) may connect.
         */
        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(Arrays.asList(origins));
        }

        /** See {@link #allowedOrigins(String...)}. */
        public Builder allowedOrigins(Collection<String> origins) {
            for (String origin : origins) {
                allowedOrigins.add(Origins.validate(origin));
            }
            return this;
        }

        /** An HTTP-level check of every request that would open a connection (rate limiting: 429). */
        public Builder handshakeFilter(HandshakeFilter filter) {
            this.handshakeFilter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Called on a container thread for every new connection, before any message is delivered. */
        public Builder onConnection(Consumer<EngineIoSocket> listener) {
            this.connectionListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the server and starts its heartbeat thread. */
        public EngineIoServer build() {
            return new EngineIoServerImpl(new EngineIoOptions(path, pingInterval.toMillis(), pingTimeout.toMillis(),
                    maxPayload, outboundQueueCapacity, Set.copyOf(allowedOrigins), handshakeFilter), connectionListener);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw EngineIoException.invalidSetting(
                        name + " must be positive and below " + Integer.MAX_VALUE + " ms, was " + value.toMillis() + " ms");
            }
            return value;
        }
    }
}
