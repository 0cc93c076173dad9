package io.leadjobs.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Once a connection is upgraded its bytes go past Grizzly's HTTP codec straight to Tyrus, and the codec no longer
 * keeps the upgrade request (its parsed headers and buffers) as the connection's request in progress: an idle
 * WebSocket would otherwise hold it, about 10 KiB, for as long as it stays open.
 */
class UpgradedConnectionTest {

    private final HttpClient http = HttpClient.newHttpClient();
    /** The server's connections that have read something (a connection takes its transport's probes when made). */
    private final Set<Connection<?>> connections = ConcurrentHashMap.newKeySet();
    private WebHost host;

    @BeforeEach
    void startHost() {
        host = WebHost.builder()
                .port(0)
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start();
        ((GrizzlyWebHost) host).transport().getConnectionMonitoringConfig().addProbes(new ConnectionProbe.Adapter() {
            @Override
            public void onReadEvent(Connection connection, Buffer data, int size) {
                connections.add(connection);
            }
        });
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void anOpenWebSocketNoLongerHoldsTheRequestThatUpgradedIt() throws Exception {
        WsClient client = WsClient.connect(http, URI.create("ws://127.0.0.1:" + host.port() + "/echo"));
        // the echo can only come once the handshake's read has been handled in full (a connection's reads are
        // handled one at a time), and it proves that frames after the upgrade reach the endpoint
        client.sendText("first");
        assertThat(client.next().text()).isEqualTo("first");

        assertThat(connections).hasSize(1);
        assertThat(connections.iterator().next().getAttributes().getAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME))
                .as("the HTTP codec's request in progress on the upgraded connection").isNull();

        client.sendText("x".repeat(100_000));
        assertThat(client.next().text()).hasSize(100_000);
    }

    @Test
    void aPlainHttpConnectionBesideTheWebSocketIsStillServedByTheCodec() throws Exception {
        WsClient client = WsClient.connect(http, URI.create("ws://127.0.0.1:" + host.port() + "/echo"));
        client.sendText("hello");
        assertThat(client.next().text()).isEqualTo("hello");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + host.port() + "/nothing-here")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        client.sendText("still here");
        assertThat(client.next().text()).isEqualTo("still here");
    }
}
