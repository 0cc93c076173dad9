package io.leadjobs.server.web;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP port that serves Jakarta WebSocket endpoints (through a Tyrus engine) and Jakarta servlets
 * (through Grizzly's servlet container) side by side, on overlapping paths if need be.
 *
 * <p>A request that asks to upgrade to WebSocket and whose path matches a registered endpoint goes to
 * that endpoint; every other request goes to the servlets and static files, by the usual servlet path
 * mapping. A {@link ServerEndpointConfig.Configurator#modifyHandshake} can refuse a handshake before
 * the upgrade in either of two ways: portably, by setting the response's
 * {@value jakarta.websocket.HandshakeResponse#SEC_WEBSOCKET_ACCEPT} header to an empty list (the client
 * gets {@code 403}), or, with Tyrus, by setting another status on the response through
 * {@code org.glassfish.tyrus.spi.UpgradeResponse#setStatus} (for instance {@code 429}).
 *
 * <pre>{@code
 * try (WebHost host = WebHost.builder()
 *         .port(0)
 *         .endpoint(ServerEndpointConfig.Builder.create(MyEndpoint.class, "/socket.io/").build())
 *         .servlet("polling", new PollingServlet(), "/socket.io/*")
 *         .classpathResources("/", "web")
 *         .start()) {
 *     int port = host.port();
 * }
 * }</pre>
 */
public interface WebHost extends AutoCloseable {

    /** A builder with the defaults: host {@code 127.0.0.1}, an ephemeral port, no endpoints or servlets. */
    static Builder builder() {
        return new Builder();
    }

    /** The port the host listens on (the real one when it was started on port 0). */
    int port();

    /** The host name or address the listener is bound to. */
    String host();

    /**
     * Stops accepting connections, closes open WebSocket sessions and stops the servlets. Idempotent.
     */
    @Override
    void close();

    /** Collects what the host serves; {@link #start()} binds the port. Not thread-safe. */
    final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int workerThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private boolean webSocketReadsOnSelectors;
        private final List<ServerEndpointConfig> endpoints = new ArrayList<>();
        private final List<ServletMapping> servlets = new ArrayList<>();
        private final List<StaticMapping> statics = new ArrayList<>();
        private final List<FilterMapping> filters = new ArrayList<>();
        private final List<ServletContextListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The address to bind, such as {@code 127.0.0.1} (the default) or {@code 0.0.0.0}. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** The port to bind, 0 (the default) for an ephemeral one; read it back with {@link WebHost#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How long a plain HTTP connection may stay idle before the host closes it (default 30 seconds).
         * Upgraded WebSocket connections are exempt: their protocol keeps them alive or closes them.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("idleTimeout must be at least 1 second, was " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * How many threads run servlets and WebSocket callbacks (the latter on the selector threads instead with
         * {@link #webSocketReadsOnSelectors}); default: twice the CPU count, at least 4.
         */
        public Builder workerThreads(int workerThreads) {
            if (workerThreads < 1 || workerThreads > 1024) {
                throw new IllegalArgumentException("workerThreads must be between 1 and 1024, was " + workerThreads);
            }
            this.workerThreads = workerThreads;
            return this;
        }

        /**
         * Whether an upgraded WebSocket's frames are read, and its endpoint's message callbacks run, on the selector
         * thread that saw them instead of a worker thread: half the CPU of reading a small frame. Off by default;
         * turn it on only when no endpoint callback ever waits (no {@code getBasicRemote()} send, no network or
         * disk), since one that waits holds up every connection of its selector.
         */
        public Builder webSocketReadsOnSelectors(boolean onSelectors) {
            this.webSocketReadsOnSelectors = onSelectors;
            return this;
        }

        /** Adds a WebSocket endpoint; its path is the request path it answers, such as {@code /socket.io/}. */
        public Builder endpoint(ServerEndpointConfig endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            endpoints.add(endpoint);
            return this;
        }

        /**
         * Adds a servlet (async supported) under one or more servlet URL patterns, such as
         * {@code "/socket.io/*"}, {@code "/api/*"}, {@code "/health"} or {@code "*.csv"}.
         */
        public Builder servlet(String name, Servlet servlet, String... urlPatterns) {
            servlets.add(new ServletMapping(name, servlet, List.of(urlPatterns)));
            return this;
        }

        /**
         * Adds a servlet filter (async supported) in front of the servlets matching the URL patterns, for
         * requests and async dispatches; filters run in the order they were added.
         */
        public Builder filter(String name, Filter filter, String... urlPatterns) {
            filters.add(new FilterMapping(name, filter, List.of(urlPatterns)));
            return this;
        }

        /**
         * Adds a listener told when the servlet context starts and stops. Its context carries the host's
         * {@code jakarta.websocket.server.ServerContainer} under that class's name, so that a library can add
         * WebSocket endpoints portably, as in any servlet container.
         */
        public Builder listener(ServletContextListener listener) {
            Objects.requireNonNull(listener, "listener");
            listeners.add(listener);
            return this;
        }

        /**
         * Serves the class-path resources under {@code resourceBase} (such as {@code "web"}) at the URL prefix
         * {@code urlPrefix} (such as {@code "/"}); a directory request serves its {@code index.html}.
         */
        public Builder classpathResources(String urlPrefix, String resourceBase) {
            Objects.requireNonNull(resourceBase, "resourceBase");
            String base = resourceBase.replaceAll("^/+", "").replaceAll("/+$", "");
            statics.add(new StaticMapping(urlPrefix, StaticMapping.Source.CLASSPATH, base.isEmpty() ? "/" : base + "/"));
            return this;
        }

        /** Serves the files of {@code directory} at the URL prefix {@code urlPrefix}. */
        public Builder directory(String urlPrefix, Path directory) {
            Objects.requireNonNull(directory, "directory");
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("directory " + directory + " does not exist or is not a directory");
            }
            statics.add(new StaticMapping(urlPrefix, StaticMapping.Source.DIRECTORY,
                    directory.toAbsolutePath().normalize().toString()));
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws java.io.UncheckedIOException when the port cannot be bound
         * @throws IllegalStateException when an endpoint cannot be deployed (two on one path, a bad path)
         */
        public WebHost start() {
            return GrizzlyWebHost.start(new HostConfig(host, port, idleTimeout, workerThreads, webSocketReadsOnSelectors,
                    List.copyOf(endpoints), List.copyOf(servlets), List.copyOf(filters), List.copyOf(listeners),
                    List.copyOf(statics)));
        }
    }
}
