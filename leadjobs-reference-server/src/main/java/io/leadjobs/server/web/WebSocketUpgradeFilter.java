package io.leadjobs.server.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.ICloseType;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sits in the Grizzly filter chain between the HTTP codec and Grizzly's HTTP server filter. A request that asks
 * to upgrade to WebSocket on the path of a registered endpoint is handed to the Tyrus engine; once upgraded, the
 * connection's bytes go to Tyrus's read handler and never reach the HTTP server. Every other request (and an
 * upgrade request on a path no endpoint serves) continues to the servlets.
 */
final class WebSocketUpgradeFilter extends BaseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeFilter.class);

    private static final Attribute<UpgradedConnection> UPGRADED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WebSocketUpgradeFilter.class.getName() + ".upgraded");

    /** Marks a request already offered to the engine, so its later body chunks go straight to the servlets. */
    private static final Attribute<Boolean> OFFERED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WebSocketUpgradeFilter.class.getName() + ".offered");

    private static final CloseReason SHUTTING_DOWN =
            new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server shutting down");
    private static final CloseReason CLOSED_ABNORMALLY =
            new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "Connection closed");

    private final WebSocketEngine engine;
    private final Set<UpgradedConnection> open = ConcurrentHashMap.newKeySet();

    WebSocketUpgradeFilter(WebSocketEngine engine) {
        this.engine = engine;
    }

    /** The number of open WebSocket connections. */
    int openConnections() {
        return open.size();
    }

    /**
     * Sends every open WebSocket a 1001 close frame and waits, at most {@code grace}, for the peers to answer
     * so that the closing handshakes complete before the transport goes down.
     */
    void closeAll(Duration grace) {
        for (UpgradedConnection connection : List.copyOf(open)) {
            connection.close(SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (open) {
            try {
                long left;
                while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(open, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code connection} is an upgraded WebSocket, whose bytes go to Tyrus. */
    static boolean isUpgraded(Connection<?> connection) {
        return UPGRADED.get(connection) != null;
    }

    private void forget(UpgradedConnection connection) {
        synchronized (open) {
            open.remove(connection);
            open.notifyAll();
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        Object message = ctx.getMessage();
        if (!(message instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!header.isRequest() || !UpgradeRequest.WEBSOCKET.equalsIgnoreCase(header.getUpgrade())
                || Boolean.TRUE.equals(OFFERED.get(header))) {
            return ctx.getInvokeAction();
        }
        OFFERED.set(header, Boolean.TRUE);
        return handshake(ctx, content, (HttpRequestPacket) header);
    }

    /**
     * The filter that goes in front of the HTTP codec: once a connection is upgraded, its bytes go straight to
     * Tyrus, so the codec neither parses them nor keeps the upgrade request (its parsed headers and their chunks,
     * about a third of an idle WebSocket's heap) for as long as the WebSocket lives.
     */
    BaseFilter upgradedBytesFilter() {
        return new UpgradedBytesFilter();
    }

    private static final class UpgradedBytesFilter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            UpgradedConnection upgraded = UPGRADED.get(ctx.getConnection());
            if (upgraded == null || !(ctx.getMessage() instanceof Buffer bytes)) {
                return ctx.getInvokeAction();
            }
            feed(upgraded, bytes);
            return ctx.getStopAction();
        }
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) {
        UpgradedConnection upgraded = UPGRADED.remove(ctx.getConnection());
        if (upgraded != null) {
            upgraded.close(CLOSED_ABNORMALLY);
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }

    private NextAction handshake(FilterChainContext ctx, HttpContent content, HttpRequestPacket request) {
        RequestContext upgradeRequest = toUpgradeRequest(request);
        TyrusUpgradeResponse upgradeResponse = new TyrusUpgradeResponse();
        WebSocketEngine.UpgradeInfo info;
        try {
            info = engine.upgrade(upgradeRequest, upgradeResponse);
        } catch (RuntimeException e) {
            LOG.warn("WebSocket handshake for {} failed", request.getRequestURI(), e);
            refuse(ctx, content, request, 500, Map.of());
            return ctx.getStopAction();
        }
        switch (info.getStatus()) {
            case NOT_APPLICABLE:
                // no endpoint on this path: an ordinary request for the servlets
                return ctx.getInvokeAction();
            case HANDSHAKE_FAILED:
                refuse(ctx, content, request, upgradeResponse.getStatus(), upgradeResponse.getHeaders());
                return ctx.getStopAction();
            case SUCCESS:
            default:
                List<String> accept = upgradeResponse.getHeaders().get(HandshakeResponse.SEC_WEBSOCKET_ACCEPT);
                if (accept == null || accept.isEmpty() || accept.get(0).isEmpty()) {
                    // the endpoint's configurator refused the handshake portably
                    refuse(ctx, content, request, 403, upgradeResponse.getHeaders());
                    return ctx.getStopAction();
                }
                accept(ctx, content, request, upgradeResponse, info);
                return ctx.getStopAction();
        }
    }

    // Grizzly 4's CloseListener is typed with the deprecated ICloseType; there is no other way to hear a close
    @SuppressWarnings("deprecation")
    private void accept(FilterChainContext ctx, HttpContent content, HttpRequestPacket request,
                        TyrusUpgradeResponse upgradeResponse, WebSocketEngine.UpgradeInfo info) {
        Connection<?> grizzly = ctx.getConnection();
        // known before the 101 leaves, so that a close of the host that races the handshake still reaches it
        UpgradedConnection upgraded = new UpgradedConnection();
        open.add(upgraded);

        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(upgradeResponse.getStatus());
        if (upgradeResponse.getReasonPhrase() != null) {
            response.setReasonPhrase(upgradeResponse.getReasonPhrase());
        }
        upgradeResponse.getHeaders().forEach((name, values) ->
                response.setHeader(name, Utils.getHeaderFromList(values)));
        ctx.write(HttpContent.builder(response).build());

        if (ctx.getFilterChain().indexOfType(IdleTimeoutFilter.class) >= 0) {
            // a WebSocket lives as long as its peers want; the HTTP idle timeout no longer applies
            IdleTimeoutFilter.setCustomTimeout(grizzly, -1, TimeUnit.MILLISECONDS);
        }
        UPGRADED.set(grizzly, upgraded);
        // later reads bypass the codec (see upgradedBytesFilter), which therefore no longer needs the request it
        // keeps as the one in progress; without this it would hold it for the WebSocket's whole life
        grizzly.getAttributes().removeAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
        grizzly.addCloseListener((CloseListener<Closeable, ICloseType>) (closeable, type) -> {
            UpgradedConnection removed = UPGRADED.remove(grizzly);
            if (removed != null) {
                removed.close(CLOSED_ABNORMALLY);
            }
            forget(upgraded);
        });
        // the endpoint's onOpen runs here, after the 101 is on its way; it may take the connection's writer for
        // frames encoded once for many connections (see GrizzlyFrameWriter)
        GrizzlyWriter writer = new GrizzlyWriter(grizzly);
        GrizzlyFrameWriter.OPENING.set(new GrizzlyFrameWriter(grizzly));
        if (grizzly.getPeerAddress() instanceof InetSocketAddress peer) {
            DelegatingEndpoint.PEER.set(peer);
        }
        try {
            upgraded.opened(info.createConnection(writer, reason -> grizzly.closeSilently()));
        } finally {
            GrizzlyFrameWriter.OPENING.remove();
            DelegatingEndpoint.PEER.remove();
        }
        // bytes that arrived together with the handshake already belong to the WebSocket
        feed(upgraded, content.getContent());
    }

    private void refuse(FilterChainContext ctx, HttpContent content, HttpRequestPacket request, int status,
                        Map<String, List<String>> headers) {
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(status < 400 ? 403 : status);
        headers.forEach((name, values) -> {
            if (!isUpgradeHeader(name)) {
                response.setHeader(name, Utils.getHeaderFromList(values));
            }
        });
        response.setHeader(Header.Connection, "close");
        byte[] body = ("WebSocket handshake refused (" + response.getStatus() + ")\n").getBytes(StandardCharsets.UTF_8);
        ClosingResponse.send(ctx, content, response, "text/plain;charset=UTF-8", body);
    }

    private static boolean isUpgradeHeader(String name) {
        return name.equalsIgnoreCase(UpgradeRequest.UPGRADE)
                || name.equalsIgnoreCase(UpgradeRequest.CONNECTION)
                || name.equalsIgnoreCase(HandshakeResponse.SEC_WEBSOCKET_ACCEPT)
                || name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14);
    }

    private static void feed(UpgradedConnection upgraded, Buffer buffer) {
        if (!buffer.hasRemaining()) {
            return;
        }
        ReadHandler reader = upgraded.reader();
        if (!buffer.isComposite()) {
            ByteBuffer bytes = buffer.toByteBuffer();
            upgraded.tasks.submit(() -> reader.handle(bytes));
        } else {
            ByteBufferArray array = buffer.toByteBufferArray();
            ByteBuffer[] parts = array.getArray();
            for (int i = 0; i < array.size(); i++) {
                ByteBuffer part = parts[i];
                upgraded.tasks.submit(() -> reader.handle(part));
            }
            array.recycle();
        }
    }

    private static RequestContext toUpgradeRequest(HttpRequestPacket request) {
        Parameters parameters = new Parameters();
        parameters.setQuery(request.getQueryStringDC());
        parameters.setQueryStringEncoding(StandardCharsets.UTF_8);
        Map<String, String[]> parameterMap = new HashMap<>();
        for (String name : parameters.getParameterNames()) {
            parameterMap.put(name, parameters.getParameterValues(name));
        }
        String localHost = request.getLocalHost();
        RequestContext context = RequestContext.Builder.create()
                .requestURI(URI.create(request.getRequestURI()))
                .queryString(request.getQueryString())
                .parameterMap(parameterMap)
                .secure(request.isSecure())
                .remoteAddr(request.getRemoteAddress())
                .serverAddr(localHost != null ? localHost : request.getLocalAddress())
                .serverPort(request.getLocalPort())
                .build();
        for (String name : request.getHeaders().names()) {
            for (String value : request.getHeaders().values(name)) {
                context.getHeaders().computeIfAbsent(name, n -> new ArrayList<>())
                        .addAll(Utils.parseHeaderValue(value.trim()));
            }
        }
        return context;
    }

    /**
     * One upgraded connection's Tyrus side. Reads are handed over in order, one at a time; a close asked for
     * before the endpoint was opened is carried out as soon as it is.
     */
    private static final class UpgradedConnection {
        final SerialTasks tasks = new SerialTasks();
        private org.glassfish.tyrus.spi.Connection tyrus;
        private CloseReason pendingClose;

        synchronized void opened(org.glassfish.tyrus.spi.Connection connection) {
            tyrus = connection;
            if (pendingClose != null) {
                CloseReason reason = pendingClose;
                tasks.submit(() -> connection.close(reason));
            }
        }

        synchronized ReadHandler reader() {
            return tyrus.getReadHandler();
        }

        synchronized void close(CloseReason reason) {
            if (tyrus == null) {
                pendingClose = reason;
            } else {
                org.glassfish.tyrus.spi.Connection connection = tyrus;
                tasks.submit(() -> connection.close(reason));
            }
        }
    }
}
