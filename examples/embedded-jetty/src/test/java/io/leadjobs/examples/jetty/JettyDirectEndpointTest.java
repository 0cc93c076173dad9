package io.leadjobs.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.engineio.HandshakeDecision;
import io.leadjobs.socketio.SocketIoServer;
import io.leadjobs.testing.LoopbackWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The other way a host can mount the WebSocket transport on Jetty: the endpoint registered with Jetty's
 * {@code ServerContainer} directly, no servlet. The handshake filter still sees each client's own address, which
 * Jetty hands over as the session's {@code jakarta.websocket.endpoint.remoteAddress} property.
 */
class JettyDirectEndpointTest {

    @Test
    void aDirectlyRegisteredEndpointSeesEachClientsOwnAddress() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SocketIoServer io = SocketIoServer.builder().handshakeFilter(handshake -> {
            seen.add(handshake.remoteAddress());
            return HandshakeDecision.accept();
        }).build();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(io.webSocketEndpointConfig()));
        jetty.setHandler(context);
        jetty.start();
        try (LoopbackWebSocket first = LoopbackWebSocket.connect("127.0.0.2", connector.getLocalPort(), Map.of());
             LoopbackWebSocket second = LoopbackWebSocket.connect("127.0.0.3", connector.getLocalPort(), Map.of())) {
            assertThat(first.first().opened()).as("first frame %s", first.first()).isTrue();
            assertThat(second.first().opened()).as("first frame %s", second.first()).isTrue();
            assertThat(seen).containsExactly("127.0.0.2", "127.0.0.3");
        } finally {
            io.close();
            jetty.stop();
        }
    }
}
