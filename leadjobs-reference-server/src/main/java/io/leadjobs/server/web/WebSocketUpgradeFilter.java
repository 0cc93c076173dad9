package io.leadjobs.server.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import org.glassfish.grizzly.Buffer;
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
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        UpgradedConnection upgraded = UPGRADED.get(ctx.getConnection());
        if (upgraded != null) {
            feed(upgraded, content);
            return ctx.getStopAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!header.isRequest() || !UpgradeRequest.WEBSOCKET.equalsIgnoreCase(header.getUpgrade())
                || Boolean.TRUE.equals(OFFERED.get(header))) {
            return ctx.getInvokeAction();
        }
        OFFERED.set(header, Boolean.TRUE);
        return handshake(ctx, content, (HttpRequestPacket) header);
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

    private void accept(FilterChainContext ctx, HttpContent content, HttpRequestPacket request,
                        TyrusUpgradeResponse upgradeResponse, WebSocketEngine.UpgradeInfo info) {
        Connection<?> grizzly = ctx.getConnection();
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
        UpgradedConnection upgraded = new UpgradedConnection(grizzly);
        UPGRADED.set(grizzly, upgraded);
        open.add(upgraded);
        upgraded.tyrus = info.createConnection(new GrizzlyWriter(grizzly), reason -> grizzly.closeSilently());
        grizzly.addCloseListener((closeable, type) -> {
            UpgradedConnection removed = UPGRADED.remove(grizzly);
            if (removed != null) {
                removed.close(CLOSED_ABNORMALLY);
            }
            forget(upgraded);
        });
        // bytes that arrived together with the handshake already belong to the WebSocket
        feed(upgraded, content);
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
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        Buffer buffer = ctx.getMemoryManager().allocate(body.length);
        buffer.put(body);
        buffer.flip();
        content.recycle();
        ctx.write(HttpContent.builder(response).content(buffer).last(true).build());
        ctx.getConnection().closeSilently();
    }

    private static boolean isUpgradeHeader(String name) {
        return name.equalsIgnoreCase(UpgradeRequest.UPGRADE)
                || name.equalsIgnoreCase(UpgradeRequest.CONNECTION)
                || name.equalsIgnoreCase(HandshakeResponse.SEC_WEBSOCKET_ACCEPT)
                || name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14);
    }

    private static void feed(UpgradedConnection upgraded, HttpContent content) {
        Buffer buffer = content.getContent();
        if (!buffer.hasRemaining()) {
            return;
        }
        ReadHandler reader = upgraded.tyrus.getReadHandler();
        if (!buffer.isComposite()) {
            ByteBuffer bytes = buffer.toByteBuffer();
            upgraded.tasks.processTask(new ReadTask(reader, bytes));
        } else {
            ByteBufferArray array = buffer.toByteBufferArray();
            ByteBuffer[] parts = array.getArray();
            for (int i = 0; i < array.size(); i++) {
                upgraded.tasks.processTask(new ReadTask(reader, parts[i]));
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

    /** One upgraded Grizzly connection and its Tyrus side. Reads are handed over in order, one at a time. */
    private static final class UpgradedConnection {
        final Connection<?> grizzly;
        final TaskProcessor tasks = new TaskProcessor();
        volatile org.glassfish.tyrus.spi.Connection tyrus;

        UpgradedConnection(Connection<?> grizzly) {
            this.grizzly = grizzly;
        }

        void close(CloseReason reason) {
            org.glassfish.tyrus.spi.Connection connection = tyrus;
            if (connection != null) {
                tasks.processTask(new CloseTask(connection, reason));
            }
        }
    }

    private static final class ReadTask extends TaskProcessor.Task {
        private final ReadHandler reader;
        private final ByteBuffer bytes;

        ReadTask(ReadHandler reader, ByteBuffer bytes) {
            this.reader = reader;
            this.bytes = bytes;
        }

        @Override
        public void execute() {
            reader.handle(bytes);
        }
    }

    private static final class CloseTask extends TaskProcessor.Task {
        private final org.glassfish.tyrus.spi.Connection connection;
        private final CloseReason reason;

        CloseTask(org.glassfish.tyrus.spi.Connection connection, CloseReason reason) {
            this.connection = connection;
            this.reason = reason;
        }

        @Override
        public void execute() {
            connection.close(reason);
        }
    }
}
