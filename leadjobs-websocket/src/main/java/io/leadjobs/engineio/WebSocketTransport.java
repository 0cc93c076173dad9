package io.leadjobs.engineio;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport as a standard {@link Endpoint}: one instance per connection, created by the
 * configurator of either a per-upgrade configuration (upgrade through the servlet) or the configuration
 * registered directly with {@code ServerContainer.addEndpoint}.
 */
final class WebSocketTransport extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);

    static final String HANDSHAKE = "io.leadjobs.engineio.handshake";
    static final String SID = "io.leadjobs.engineio.sid";
    static final String HEADERS = "io.leadjobs.engineio.headers";
    static final String URI = "io.leadjobs.engineio.uri";
    static final Long CLOSE_HANDSHAKE_TIMEOUT_MILLIS = 3_000L;

    private final EngineIoServerImpl server;
    private volatile Session session;
    private volatile WsChannel channel;

    WebSocketTransport(EngineIoServerImpl server) {
        this.server = server;
    }

    /** The configuration for one upgrade that the servlet has already validated. */
    static ServerEndpointConfig upgradeConfig(EngineIoServerImpl server, EngineIoHandshake handshake, Optional<String> sid) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(WebSocketTransport.class, server.options().path())
                .configurator(new Configurator(server))
                .build();
        config.getUserProperties().put(HANDSHAKE, handshake);
        sid.ifPresent(s -> config.getUserProperties().put(SID, s));
        return config;
    }

    /** The configuration for {@code ServerContainer.addEndpoint}: the endpoint validates the request itself. */
    static ServerEndpointConfig directConfig(EngineIoServerImpl server) {
        return ServerEndpointConfig.Builder.create(WebSocketTransport.class, server.options().path())
                .configurator(new Configurator(server))
                .build();
    }

    @Override
    public void onOpen(jakarta.websocket.Session webSocket, EndpointConfig config) {
        webSocket.setMaxTextMessageBufferSize(server.options().maxPayload());
        webSocket.setMaxBinaryMessageBufferSize(server.options().maxPayload());
        webSocket.setMaxIdleTimeout(0);
        // Tomcat: abort the TCP connection if a client does not answer our close frame within 3 s (some clients,
        // such as the Java socket.io-client, never do); other containers ignore the property
        webSocket.getUserProperties().put("org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT", CLOSE_HANDSHAKE_TIMEOUT_MILLIS);
        WsChannel ws = new WsChannel(webSocket, server);
        this.channel = ws;
        Map<String, Object> properties = config.getUserProperties();
        EngineIoHandshake handshake = (EngineIoHandshake) properties.get(HANDSHAKE);
        String sid = (String) properties.get(SID);
        if (handshake == null) {
            Optional<String> refusal = Optional.empty();
            handshake = directHandshake(webSocket, properties);
            String eio = handshake.query().get("EIO");
            String transport = handshake.query().get("transport");
            sid = handshake.query().get("sid");
            if (!"4".equals(eio)) {
                refusal = Optional.of("Unsupported protocol version: EIO must be 4");
            } else if (!Session.WEBSOCKET.equals(transport)) {
                refusal = Optional.of("Transport unknown");
            } else if (!Origins.allowed(server.options(), handshake.header("origin"),
                    webSocket.getRequestURI().getScheme() == null ? "http" : httpScheme(webSocket.getRequestURI().getScheme()),
                    handshake.header("host"))) {
                refusal = Optional.of("Forbidden: origin not allowed");
            } else if (sid == null) {
                HandshakeDecision decision;
                try {
                    decision = server.options().handshakeFilter().check(handshake);
                } catch (RuntimeException e) {
                    LOG.warn("The handshake filter failed; refusing the connection", e);
                    decision = HandshakeDecision.reject(500, "Handshake check failed");
                }
                refusal = decision.message();
            }
            if (refusal.isPresent()) {
                ws.close(CloseCodes.VIOLATED_POLICY, refusal.get());
                return;
            }
        }
        webSocket.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        webSocket.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::onBinary);
        if (sid == null) {
            try {
                session = server.open(handshake, Session.WEBSOCKET, ws);
            } catch (EngineIoException e) {
                ws.close(CloseCodes.GOING_AWAY, "Server is shutting down");
            }
            return;
        }
        Session existing = server.find(sid);
        if (existing == null || !existing.attachProbe(ws)) {
            LOG.info("Refused a WebSocket for an unknown session or one that is already upgraded");
            ws.close(CloseCodes.VIOLATED_POLICY, "Session ID unknown or already upgraded");
            return;
        }
        session = existing;
    }

    private void onText(String text) {
        Session s = session;
        if (s != null) {
            s.onWebSocketText(channel, text);
        }
    }

    private void onBinary(ByteBuffer buffer) {
        Session s = session;
        if (s != null) {
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            s.onWebSocketBinary(channel, data);
        }
    }

    @Override
    public void onClose(jakarta.websocket.Session webSocket, jakarta.websocket.CloseReason closeReason) {
        Session s = session;
        if (s != null) {
            CloseCode code = closeReason.getCloseCode();
            boolean clean = code == CloseCodes.NORMAL_CLOSURE || code == CloseCodes.GOING_AWAY
                    || code == CloseCodes.NO_STATUS_CODE;
            s.onWebSocketClosed(channel, clean ? CloseReason.TRANSPORT_CLOSE : CloseReason.TRANSPORT_ERROR);
        }
    }

    @Override
    public void onError(jakarta.websocket.Session webSocket, Throwable error) {
        LOG.debug("WebSocket error", error);
        Session s = session;
        if (s != null) {
            s.onWebSocketClosed(channel, CloseReason.TRANSPORT_ERROR);
        }
    }

    private static String httpScheme(String wsScheme) {
        return wsScheme.equals("wss") ? "https" : wsScheme.equals("ws") ? "http" : wsScheme;
    }

    @SuppressWarnings("unchecked")
    private static EngineIoHandshake directHandshake(jakarta.websocket.Session webSocket, Map<String, Object> properties) {
        Map<String, List<String>> headers = (Map<String, List<String>>) properties.getOrDefault(HEADERS, Map.of());
        String query = webSocket.getQueryString();
        Map<String, String> params;
        try {
            params = HttpHandshakes.parseQuery(query);
        } catch (IllegalArgumentException e) {
            params = Map.of();
        }
        String uri = String.valueOf(properties.getOrDefault(URI, webSocket.getRequestURI()));
        return new EngineIoHandshake(Session.WEBSOCKET, remoteAddress(webSocket), headers, params, uri,
                webSocket.isSecure(), Instant.now());
    }

    /** The peer address where the container exposes it (Tomcat does, as a user property). */
    private static String remoteAddress(jakarta.websocket.Session webSocket) {
        for (Map.Entry<String, Object> e : webSocket.getUserProperties().entrySet()) {
            if (e.getKey().toLowerCase(java.util.Locale.ROOT).contains("remoteaddress")
                    && e.getValue() instanceof InetSocketAddress address) {
                return address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
            }
        }
        return "unknown";
    }

    /** Creates one endpoint per connection and, for direct registration, keeps the request headers. */
    static final class Configurator extends ServerEndpointConfig.Configurator {
        private final EngineIoServerImpl server;

        Configurator(EngineIoServerImpl server) {
            this.server = server;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new WebSocketTransport(server));
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            if (!config.getUserProperties().containsKey(HANDSHAKE)) {
                config.getUserProperties().put(HEADERS, HttpHandshakes.lowerCase(request.getHeaders()));
                config.getUserProperties().put(URI, String.valueOf(request.getRequestURI()));
            }
        }
    }
}
