package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.engineio.EngineIoServer;
import io.leadjobs.engineio.HandshakeFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * A Socket.IO v4 server (protocol v5 over Engine.IO v4) on standard Jakarta transports.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder().allowedOrigins("https://app.example.com").build();
 * io.namespace("/").use(socket -> socket.handshake().authString("token").isPresent()
 *         ? Admission.accept() : Admission.refuse("Authentication failed: missing token"));
 * io.namespace("/").onConnection(socket -> socket.on("hello", (s, event) -> event.acknowledge("hi")));
 * io.install(servletContext);   // servlet (polling + WebSocket upgrade) at /socket.io/*
 * }</pre>
 */
public interface SocketIoServer extends AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /** The namespace with this name, created on first use ({@code "/"} always exists). */
    Namespace namespace(String name);

    /** The main namespace {@code "/"}. */
    default Namespace mainNamespace() {
        return namespace("/");
    }

    /** The Engine.IO server underneath (transports, connection count). */
    EngineIoServer engine();

    /** See {@link EngineIoServer#servlet()}. */
    default HttpServlet servlet() {
        return engine().servlet();
    }

    /** See {@link EngineIoServer#servletMapping()}. */
    default String servletMapping() {
        return engine().servletMapping();
    }

    /** See {@link EngineIoServer#webSocketEndpointConfig()}. */
    default ServerEndpointConfig webSocketEndpointConfig() {
        return engine().webSocketEndpointConfig();
    }

    /** See {@link EngineIoServer#install(ServletContext)}. */
    default void install(ServletContext context) {
        engine().install(context);
    }

    /** Disconnects everyone and stops every thread of the server. Idempotent. */
    @Override
    void close();

    /** Configures a {@link SocketIoServer}; setters validate at once and fail with a full sentence. */
    final class Builder {
        final EngineIoServer.Builder engine = EngineIoServer.builder().path("/socket.io/");
        Duration connectTimeout = Duration.ofMillis(45_000);
        int maxAttachments = 10;
        ObjectMapper mapper = new ObjectMapper();

        Builder() {
        }

        /** Default {@code /socket.io/}. */
        public Builder path(String path) {
            engine.path(path);
            return this;
        }

        /** Default 25 s. */
        public Builder pingInterval(Duration interval) {
            engine.pingInterval(interval);
            return this;
        }

        /** Default 20 s. */
        public Builder pingTimeout(Duration timeout) {
            engine.pingTimeout(timeout);
            return this;
        }

        /** How long a connection may stay without joining any namespace before it is closed; default 45 s. */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw SocketIoException.invalidArgument("connectTimeout must be positive, was " + timeout.toMillis() + " ms");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Default 1,000,000 bytes, on both transports. */
        public Builder maxPayload(int bytes) {
            engine.maxPayload(bytes);
            return this;
        }

        /** Default 1000 messages per connection. */
        public Builder outboundQueueCapacity(int messages) {
            engine.outboundQueueCapacity(messages);
            return this;
        }

        /** Most binary attachments one packet may declare; default 10. */
        public Builder maxAttachments(int count) {
            if (count < 0 || count > 1000) {
                throw SocketIoException.invalidArgument("maxAttachments must be between 0 and 1000, was " + count);
            }
            this.maxAttachments = count;
            return this;
        }

        /** See {@link EngineIoServer.Builder#allowedOrigins(String...)}; nothing beyond same-origin by default. */
        public Builder allowedOrigins(String... origins) {
            engine.allowedOrigins(Arrays.asList(origins));
            return this;
        }

        public Builder allowedOrigins(Collection<String> origins) {
            engine.allowedOrigins(origins);
            return this;
        }

        /** HTTP-level check before a connection opens (rate limiting: {@code HandshakeDecision.tooManyRequests()}). */
        public Builder handshakeFilter(HandshakeFilter filter) {
            engine.handshakeFilter(filter);
            return this;
        }

        /** The mapper that converts emitted arguments to JSON; default a plain {@code new ObjectMapper()}. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public SocketIoServer build() {
            return new SocketIoServerImpl(this);
        }
    }
}
