package io.leadjobs.server.web;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.tyrus.spi.UpgradeRequest;

/**
 * Grizzly's HTTP codec, configured as {@code HttpServer} configures it, except that it honours only WebSocket
 * upgrades. Grizzly treats any request that carries an {@code Upgrade} header as a raw stream (no
 * Content-Length, no response headers, connection closed after the response); the JDK's {@code HttpClient}
 * sends {@code Upgrade: h2c} with every plain-HTTP request, which would break request bodies. Such requests
 * are served as ordinary HTTP/1.1, as RFC 9110 allows a server to ignore an upgrade it does not support.
 * It also gives a {@code HEAD} that a static handler serves as a {@code GET} its method back before the response's
 * head is written ({@link HeadAsGetHandler}), so that the answer has no body.
 */
final class WebSocketOnlyUpgradeCodec extends HttpServerFilter {

    // the constructor HttpServer itself uses: the non-deprecated ones cannot take the header limits
    @SuppressWarnings("deprecation")
    WebSocketOnlyUpgradeCodec(NetworkListener listener) {
        super(listener.isChunkingEnabled(),
                listener.getMaxHttpHeaderSize() == -1 ? DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
                        : listener.getMaxHttpHeaderSize(),
                null, listener.getKeepAlive(), null, listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
    }

    @Override
    protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
        if (UpgradeRequest.WEBSOCKET.equalsIgnoreCase(httpHeader.getUpgrade())) {
            super.onIncomingUpgrade(ctx, httpHeader);
            return;
        }
        httpHeader.getUpgradeDC().recycle();
        httpHeader.getHeaders().removeHeader(Header.Upgrade);
    }

    @Override
    protected Buffer encodeHttpPacket(FilterChainContext ctx, HttpPacket input) {
        HeadAsGetHandler.restoreHead(input);
        return super.encodeHttpPacket(ctx, input);
    }
}
