package io.leadjobs.engineio;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport as a standard {@link Endpoint}: one instance per connection, created by the
 * configurator of either a per-upgrade configuration (upgrade through the servlet) or the configuration
 * registered directly with {@code ServerContainer.addEndpoint}.
 *
 * <p>Public only because containers check the endpoint class of a configuration: Jetty refuses to deploy or
 * upgrade to a class that is not public ({@code DeploymentException: Class is not public}). Nothing else of it is
 * public: hosts never create one, the configurations that name it come from {@link EngineIoServer}.
 */
public final class WebSocketTransport extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);

    static final String HANDSHAKE = "io.leadjobs.engineio.handshake";
    static final String SID = "io.leadjobs.engineio.sid";
    static final String HEADERS = "io.leadjobs.engineio.headers";
    static final String URI = "io.leadjobs.engineio.uri";
    static final Long CLOSE_HANDSHAKE_TIMEOUT_MILLIS = 3_000L;

    private final EngineIoServerImpl server;
    private volatile EngineIoSession session;
    private volatile WsChannel channel;
    // partial-message assembly; the container delivers one connection's frames one at a time
    private StringBuilder textParts;
    private int partBytes;
    private ByteArrayOutputStream binaryParts;
    private boolean tooBig;

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
    public void onOpen(Session webSocket, EndpointConfig config) {
        // messages are assembled from partial frames here, up to maxPayload, instead of raising the container's
        // buffer sizes: containers allocate those buffers per connection up front (megabytes per idle socket)
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
            // the handshake holds its own copies; the connection's config, and the session properties some
            // containers copy from it, would otherwise keep these as long as the connection lives
            forgetRequest(properties);
            forgetRequest(webSocket.getUserProperties());
            String eio = handshake.query().get("EIO");
            String transport = handshake.query().get("transport");
            sid = handshake.query().get("sid");
            if (!"4".equals(eio)) {
                refusal = Optional.of("Unsupported protocol version: EIO must be 4");
            } else if (!Transport.WEBSOCKET.equals(transport)) {
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
        webSocket.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onTextPart);
        webSocket.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinaryPart);
        if (sid == null) {
            try {
                session = server.open(handshake, Transport.WEBSOCKET, ws);
            } catch (EngineIoException e) {
                ws.close(CloseCodes.GOING_AWAY, "Server is shutting down");
            }
            return;
        }
        EngineIoSession existing = server.find(sid);
        if (existing == null || !existing.attachProbe(ws)) {
            LOG.info("Refused a WebSocket for an unknown session or one that is already upgraded");
            ws.close(CloseCodes.VIOLATED_POLICY, "Session ID unknown or already upgraded");
            return;
        }
        session = existing;
    }

    private void onTextPart(String part, boolean last) {
        EngineIoSession s = session;
        if (s == null || tooBig) {
            return;
        }
        if (textParts == null && last) {
            if (utf8Length(part) > server.options().maxPayload()) {
                refuseTooBig();
                return;
            }
            s.onWebSocketText(channel, part);
            return;
        }
        if (textParts == null) {
            textParts = new StringBuilder(part.length() * 2);
            partBytes = 0;
        }
        partBytes += utf8Length(part);
        if (partBytes > server.options().maxPayload()) {
            refuseTooBig();
            return;
        }
        textParts.append(part);
        if (last) {
            String text = textParts.toString();
            textParts = null;
            s.onWebSocketText(channel, text);
        }
    }

    private void onBinaryPart(ByteBuffer part, boolean last) {
        EngineIoSession s = session;
        if (s == null || tooBig) {
            return;
        }
        if (binaryParts == null) {
            binaryParts = new ByteArrayOutputStream(Math.min(part.remaining() * 2, server.options().maxPayload()));
        }
        if (binaryParts.size() + part.remaining() > server.options().maxPayload()) {
            refuseTooBig();
            return;
        }
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        binaryParts.writeBytes(chunk);
        if (last) {
            byte[] data = binaryParts.toByteArray();
            binaryParts = null;
            s.onWebSocketBinary(channel, data);
        }
    }

    private void refuseTooBig() {
        tooBig = true;
        textParts = null;
        binaryParts = null;
        LOG.info("Closing a WebSocket client whose message exceeds maxPayload {}", server.options().maxPayload());
        channel.close(CloseCodes.TOO_BIG, "Message exceeds maxPayload of " + server.options().maxPayload() + " bytes");
        EngineIoSession s = session;
        if (s != null) {
            s.onWebSocketClosed(channel, CloseReason.TRANSPORT_ERROR);
        }
    }

    private static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return bytes;
    }

    @Override
    public void onClose(Session webSocket, jakarta.websocket.CloseReason closeReason) {
        EngineIoSession s = session;
        if (s != null) {
            CloseCode code = closeReason.getCloseCode();
            boolean clean = code == CloseCodes.NORMAL_CLOSURE || code == CloseCodes.GOING_AWAY
                    || code == CloseCodes.NO_STATUS_CODE;
            s.onWebSocketClosed(channel, clean ? CloseReason.TRANSPORT_CLOSE : CloseReason.TRANSPORT_ERROR);
        }
    }

    @Override
    public void onError(Session webSocket, Throwable error) {
        LOG.debug("WebSocket error", error);
        EngineIoSession s = session;
        if (s != null) {
            s.onWebSocketClosed(channel, CloseReason.TRANSPORT_ERROR);
        }
    }

    private static void forgetRequest(Map<String, Object> properties) {
        properties.remove(HEADERS);
        properties.remove(URI);
    }

    private static String httpScheme(String wsScheme) {
        return wsScheme.equals("wss") ? "https" : wsScheme.equals("ws") ? "http" : wsScheme;
    }

    @SuppressWarnings("unchecked")
    private static EngineIoHandshake directHandshake(Session webSocket, Map<String, Object> properties) {
        Map<String, List<String>> headers = (Map<String, List<String>>) properties.getOrDefault(HEADERS, Map.of());
        String query = webSocket.getQueryString();
        Map<String, String> params;
        try {
            params = HttpHandshakes.parseQuery(query);
        } catch (IllegalArgumentException e) {
            params = Map.of();
        }
        String uri = String.valueOf(properties.getOrDefault(URI, webSocket.getRequestURI()));
        return new EngineIoHandshake(Transport.WEBSOCKET, remoteAddress(webSocket), headers, params, uri,
                webSocket.isSecure(), Instant.now());
    }

    /**
     * The peer address where the container exposes it: the {@code jakarta.websocket.endpoint.remoteAddress} user
     * property, which Tomcat and Jetty set and the reference server's Grizzly host sets too.
     */
    private static String remoteAddress(Session webSocket) {
        for (Map.Entry<String, Object> e : webSocket.getUserProperties().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains("remoteaddress")
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
