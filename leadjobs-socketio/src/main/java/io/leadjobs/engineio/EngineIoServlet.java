package io.leadjobs.engineio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Engine.IO: handshakes, long-polling GETs (held asynchronously, no thread parked),
 * POSTs, CORS, and WebSocket upgrades handed to the container's {@link ServerContainer}.
 */
final class EngineIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServlet.class);

    static final int TRANSPORT_UNKNOWN = 0;
    static final int UNKNOWN_SID = 1;
    static final int BAD_HANDSHAKE_METHOD = 2;
    static final int BAD_REQUEST = 3;
    static final int FORBIDDEN = 4;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    private final transient EngineIoServerImpl server;

    EngineIoServlet(EngineIoServerImpl server) {
        this.server = server;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (server.isClosed()) {
            error(response, 503, BAD_REQUEST, "Server is shutting down");
            return;
        }
        Map<String, String> query;
        try {
            query = HttpHandshakes.parseQuery(request.getQueryString());
        } catch (IllegalArgumentException e) {
            error(response, 400, BAD_REQUEST, "Bad request: " + e.getMessage());
            return;
        }
        Optional<String> origin = Optional.ofNullable(request.getHeader("Origin"));
        if (!Origins.allowed(server.options(), origin, request.getScheme(), Optional.ofNullable(request.getHeader("Host")))) {
            LOG.info("Refused a request from origin '{}', which is not allowed", origin.get());
            error(response, 403, FORBIDDEN, "Forbidden: origin not allowed");
            return;
        }
        origin.ifPresent(o -> {
            response.setHeader("Access-Control-Allow-Origin", o);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        });
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            String requested = request.getHeader("Access-Control-Request-Headers");
            if (requested != null) {
                response.setHeader("Access-Control-Allow-Headers", requested);
            }
            response.setHeader("Access-Control-Max-Age", "86400");
            response.setStatus(204);
            return;
        }
        if (!"4".equals(query.get("EIO"))) {
            error(response, 400, UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: EIO must be 4");
            return;
        }
        String transport = query.get("transport");
        if (!Transport.POLLING.equals(transport) && !Transport.WEBSOCKET.equals(transport)) {
            error(response, 400, TRANSPORT_UNKNOWN, "Transport unknown");
            return;
        }
        String sid = query.get("sid");
        if (Transport.WEBSOCKET.equals(transport)) {
            upgrade(request, response, query, sid);
            return;
        }
        if (sid == null) {
            if (!method.equals("GET")) {
                error(response, 400, BAD_HANDSHAKE_METHOD, "Bad handshake method: a handshake must use GET");
                return;
            }
            handshake(request, response, query);
            return;
        }
        EngineIoSession session = server.find(sid);
        if (session == null) {
            error(response, 400, UNKNOWN_SID, "Session ID unknown");
            return;
        }
        switch (method) {
            case "GET" -> poll(request, response, session);
            case "POST" -> post(request, response, session);
            default -> error(response, 400, BAD_REQUEST, "Bad request: method " + method + " is not allowed here");
        }
    }

    private void handshake(HttpServletRequest request, HttpServletResponse response, Map<String, String> query)
            throws IOException {
        EngineIoHandshake handshake = HttpHandshakes.handshake(request, query, Transport.POLLING);
        HandshakeDecision decision = check(handshake);
        if (!decision.accepted()) {
            error(response, decision.status().orElseThrow(), BAD_REQUEST, decision.message().orElseThrow());
            return;
        }
        EngineIoSession session = server.open(handshake, Transport.POLLING, null);
        text(response, 200, "text/plain; charset=UTF-8",
                server.openPacket(session.id(), List.of(Transport.WEBSOCKET)));
    }

    private HandshakeDecision check(EngineIoHandshake handshake) {
        try {
            return server.options().handshakeFilter().check(handshake);
        } catch (RuntimeException e) {
            LOG.warn("The handshake filter failed; refusing the connection", e);
            return HandshakeDecision.reject(500, "Handshake check failed");
        }
    }

    private void poll(HttpServletRequest request, HttpServletResponse response, EngineIoSession session) throws IOException {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(server.options().pingIntervalMillis() + server.options().pingTimeoutMillis());
        HeldPoll held = new HeldPoll(async, session);
        async.addListener(held);
        PollingTransport.PollOutcome outcome = session.polling().onPoll(held);
        if (outcome.held()) {
            return;
        }
        held.claim();
        try {
            if (outcome.status() == 200) {
                text(response, 200, "text/plain; charset=UTF-8", outcome.body());
            } else {
                error(response, outcome.status(), outcome.status() == 400 && outcome.body().startsWith("Session")
                        ? UNKNOWN_SID : BAD_REQUEST, outcome.body());
            }
        } finally {
            async.complete();
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, EngineIoSession session) throws IOException {
        if (!session.polling().acceptsPost()) {
            error(response, 400, BAD_REQUEST, "Bad request: the session does not use polling");
            return;
        }
        if (!session.polling().beginPost()) {
            error(response, 400, BAD_REQUEST, "Bad request: a POST is already in progress for this session");
            return;
        }
        int max = server.options().maxPayload();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            try {
                LOG.info("Closing a polling client whose POST of {} bytes exceeds maxPayload {}", declared, max);
                session.terminate(CloseReason.TRANSPORT_ERROR);
                response.setHeader("Connection", "close");
                error(response, 413, BAD_REQUEST, "Payload too large: the limit is " + max + " bytes");
            } finally {
                session.polling().endPost();
            }
            return;
        }
        // the body is read without holding a container thread, within a deadline for the whole body
        RequestBodies.Outcome outcome = new RequestBodies.Outcome() {
            @Override
            public void body(byte[] body) throws IOException {
                try {
                    payload(response, session, body);
                } finally {
                    session.polling().endPost();
                }
            }

            @Override
            public void tooLarge() throws IOException {
                try {
                    LOG.info("Closing a polling client whose POST exceeds maxPayload {}", max);
                    session.terminate(CloseReason.TRANSPORT_ERROR);
                    error(response, 413, BAD_REQUEST, "Payload too large: the limit is " + max + " bytes");
                } finally {
                    session.polling().endPost();
                }
            }

            @Override
            public void tooSlow() throws IOException {
                try {
                    LOG.info("Closing a polling client whose POST body did not arrive within its deadline");
                    session.terminate(CloseReason.TRANSPORT_ERROR);
                    error(response, 408, BAD_REQUEST, "Request timeout: the body did not arrive in time");
                } finally {
                    session.polling().endPost();
                }
            }

            @Override
            public void failed(Throwable error) {
                LOG.debug("A polling client's POST failed: {}", error.toString());
                session.polling().endPost();
            }
        };
        try {
            AsyncBody.read(request, response, max, AsyncBody.POLLING_MIN_BYTES_PER_SECOND, outcome);
        } catch (IOException | RuntimeException e) {
            session.polling().endPost();
            throw e;
        }
    }

    private void payload(HttpServletResponse response, EngineIoSession session, byte[] body) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            LOG.info("Closing a polling client whose POST body is not valid UTF-8");
            session.terminate(CloseReason.PARSE_ERROR);
            error(response, 400, BAD_REQUEST, "Bad request: the body is not valid UTF-8");
            return;
        }
        if (!session.polling().onPayload(text)) {
            error(response, 400, BAD_REQUEST, "Bad request: malformed packet");
            return;
        }
        text(response, 200, "text/html; charset=UTF-8", "ok");
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response, Map<String, String> query, String sid)
            throws IOException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || !request.getMethod().equals("GET")) {
            error(response, 400, BAD_REQUEST, "Bad request: transport=websocket needs a WebSocket upgrade request");
            return;
        }
        Object attribute = getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(attribute instanceof ServerContainer container)) {
            error(response, 400, BAD_REQUEST, "Bad request: this container offers no WebSocket support");
            return;
        }
        EngineIoHandshake handshake = HttpHandshakes.handshake(request, query, Transport.WEBSOCKET);
        if (sid != null) {
            EngineIoSession session = server.find(sid);
            if (session == null) {
                error(response, 400, UNKNOWN_SID, "Session ID unknown");
                return;
            }
            // a known session that cannot take this socket (already upgraded or upgrading) gets it closed right
            // after the upgrade, as the reference server does, so that clients see a close rather than an error
        } else {
            HandshakeDecision decision = check(handshake);
            if (!decision.accepted()) {
                error(response, decision.status().orElseThrow(), BAD_REQUEST, decision.message().orElseThrow());
                return;
            }
        }
        try {
            container.upgradeHttpToWebSocket(request, response,
                    WebSocketTransport.upgradeConfig(server, handshake, Optional.ofNullable(sid)), Map.of());
        } catch (DeploymentException e) {
            LOG.warn("The container refused a WebSocket upgrade", e);
            if (!response.isCommitted()) {
                error(response, 500, BAD_REQUEST, "WebSocket upgrade failed");
            }
        }
    }

    static void error(HttpServletResponse response, int status, int code, String message) throws IOException {
        String json = "{\"code\":" + code + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        text(response, status, "application/json", json);
    }

    static void text(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A held GET: completed once, by the session (from any thread) or by the container's timeout. */
    private static final class HeldPoll implements PendingPoll, AsyncListener {
        private final AsyncContext async;
        private final EngineIoSession session;
        private final AtomicBoolean done = new AtomicBoolean();

        HeldPoll(AsyncContext async, EngineIoSession session) {
            this.async = async;
            this.session = session;
        }

        boolean claim() {
            return done.compareAndSet(false, true);
        }

        @Override
        public void complete(String payload, Runnable afterWrite) {
            if (!claim()) {
                return;
            }
            try {
                async.start(() -> {
                    try {
                        text((HttpServletResponse) async.getResponse(), 200, "text/plain; charset=UTF-8", payload);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Writing a poll response failed", e);
                    } finally {
                        try {
                            async.complete();
                        } catch (RuntimeException e) {
                            LOG.debug("Completing a poll failed", e);
                        }
                        afterWrite.run();
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("The container would not run the poll response", e);
                afterWrite.run();
            }
        }

        @Override
        public void reject(String message) {
            if (!claim()) {
                return;
            }
            try {
                async.start(() -> {
                    try {
                        error((HttpServletResponse) async.getResponse(), 400, BAD_REQUEST, message);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Writing a poll refusal failed", e);
                    } finally {
                        try {
                            async.complete();
                        } catch (RuntimeException e) {
                            LOG.debug("Completing a poll failed", e);
                        }
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("The container would not run the poll refusal", e);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            session.polling().pollAbandoned(this);
            if (claim()) {
                text((HttpServletResponse) async.getResponse(), 200, "text/plain; charset=UTF-8", PacketType.NOOP.packet());
                async.complete();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            session.polling().pollAbandoned(this);
            claim();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            session.polling().pollAbandoned(this);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
