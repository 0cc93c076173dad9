package io.leadjobs.server;

import io.leadjobs.testing.LoopbackWebSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-address connection limit of the packaged server counts each client's own address on the WebSocket
 * transport (Tyrus on the Grizzly host), {@code X-Forwarded-For} only from trusted proxies, and the per-user cap.
 */
class ClientAddressLimitsTest {

    private static final int VIOLATED_POLICY = 1008;

    @Test
    void anotherLoopbackAddressStillConnectsAfterFourHundredWebSocketsFromOne() throws IOException {
        List<LoopbackWebSocket> held = new ArrayList<>();
        try (RunningServer server = RunningServer.start()) {
            int opened = 0;
            int refused = 0;
            for (int i = 0; i < 400; i++) {
                LoopbackWebSocket socket = LoopbackWebSocket.connect("127.0.0.1", server.server.port(), Map.of());
                held.add(socket);
                if (socket.first().opened()) {
                    opened++;
                } else if (socket.first().closeCode() == VIOLATED_POLICY) {
                    refused++;
                }
            }
            // the default limit (bursts of 300, refilled at 5 a second per address) applies to 127.0.0.1 ...
            assertThat(opened).isGreaterThanOrEqualTo(SettingsParser.DEFAULT_CONNECT_RATE);
            assertThat(refused).isPositive();
            assertThat(opened + refused).isEqualTo(400);

            // ... and to 127.0.0.1 only
            try (LoopbackWebSocket other = LoopbackWebSocket.connect("127.0.0.2", server.server.port(), Map.of())) {
                assertThat(other.first().opened()).as("first frame %s", other.first()).isTrue();
            }
        } finally {
            for (LoopbackWebSocket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void readsForwardedForOnlyFromATrustedProxy() throws IOException {
        List<LoopbackWebSocket> held = new ArrayList<>();
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_CONNECT_RATE", "2",
                "LEADJOBS_TRUSTED_PROXIES", "127.0.0.1"))) {
            int port = server.server.port();
            // behind the trusted proxy, each forwarded client has its own budget of two
            for (int i = 0; i < 2; i++) {
                held.add(LoopbackWebSocket.connect("127.0.0.1", port, Map.of("X-Forwarded-For", "203.0.113.7")));
                assertThat(held.get(held.size() - 1).first().opened()).isTrue();
            }
            held.add(LoopbackWebSocket.connect("127.0.0.1", port, Map.of("X-Forwarded-For", "203.0.113.7")));
            assertThat(held.get(held.size() - 1).first().closeCode()).isEqualTo(VIOLATED_POLICY);
            held.add(LoopbackWebSocket.connect("127.0.0.1", port, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.8")));
            assertThat(held.get(held.size() - 1).first().opened()).as("another client behind the proxy").isTrue();

            // from an untrusted peer the header is ignored: changing it does not buy more connections
            for (int i = 0; i < 2; i++) {
                held.add(LoopbackWebSocket.connect("127.0.0.3", port, Map.of("X-Forwarded-For", "192.0.2." + i)));
                assertThat(held.get(held.size() - 1).first().opened()).isTrue();
            }
            held.add(LoopbackWebSocket.connect("127.0.0.3", port, Map.of("X-Forwarded-For", "192.0.2.99")));
            assertThat(held.get(held.size() - 1).first().closeCode()).isEqualTo(VIOLATED_POLICY);
        } finally {
            for (LoopbackWebSocket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void capsTheConnectionsOfOneUser() {
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_MAX_CONNECTIONS_PER_USER", "1"));
             SocketClient first = SocketClient.connect(server.url(), "websocket", server.token("ann"))) {
            first.await("connect");
            try (SocketClient second = SocketClient.connect(server.url(), "websocket", server.token("ann"));
                 SocketClient other = SocketClient.connect(server.url(), "websocket", server.token("bob"))) {
                assertThat(second.await("connect_error").json().getString("message"))
                        .isEqualTo("Too many connections for this user");
                other.await("connect");
                assertThat(other.connected()).isTrue();
            } catch (org.json.JSONException e) {
                throw new AssertionError(e);
            }
        }
    }
}
