package io.leadjobs.server.web;

import jakarta.websocket.CloseReason;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WebSocketEndpointsTest {

    private final RecordingConfigurator configurator = new RecordingConfigurator();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebHost host;

    @BeforeEach
    void startHost() {
        EchoEndpoint.CLOSES.clear();
        host = WebHost.builder()
                .port(0)
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo")
                        .configurator(configurator).build())
                .start();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    private URI echo() {
        return URI.create("ws://127.0.0.1:" + host.port() + "/echo");
    }

    @Test
    void listensOnAnEphemeralPortOfLoopback() {
        assertThat(host.port()).isPositive();
        assertThat(host.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void echoesTextAndBinaryFramesBothWays() throws Exception {
        WsClient client = WsClient.connect(http, echo());

        client.sendText("héllo wörld");
        client.sendBinary(new byte[] {0, 1, 2, (byte) 0xff});

        assertThat(client.next().text()).isEqualTo("héllo wörld");
        assertThat(client.next().binary()).containsExactly(0, 1, 2, 0xff);
    }

    @Test
    void deliversManyMessagesInOrder() throws Exception {
        WsClient client = WsClient.connect(http, echo());

        for (int i = 0; i < 2000; i++) {
            client.sendText("message " + i);
        }

        for (int i = 0; i < 2000; i++) {
            assertThat(client.next().text()).isEqualTo("message " + i);
        }
    }

    @Test
    void carriesALargeMessageWholeInBothDirections() throws Exception {
        WsClient client = WsClient.connect(http, echo());
        String large = IntStream.range(0, 200_000).mapToObj(i -> Integer.toString(i % 10)).collect(Collectors.joining());
        byte[] largeBinary = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < largeBinary.length; i++) {
            largeBinary[i] = (byte) (i * 31);
        }

        client.sendText(large);
        client.sendBinary(largeBinary);

        assertThat(client.next().text()).isEqualTo(large);
        assertThat(client.next().binary()).isEqualTo(largeBinary);
    }

    @Test
    void servesManyConnectionsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                int id = c;
                answers.add(pool.submit(() -> {
                    WsClient client = WsClient.connect(http, echo());
                    StringBuilder seen = new StringBuilder();
                    for (int i = 0; i < 50; i++) {
                        client.sendText(id + ":" + i);
                        seen.append(client.next().text()).append(',');
                    }
                    client.socket.sendClose(1000, "done").join();
                    return seen.toString();
                }));
            }
            for (int c = 0; c < answers.size(); c++) {
                int id = c;
                String expected = IntStream.range(0, 50).mapToObj(i -> id + ":" + i + ",").collect(Collectors.joining());
                assertThat(answers.get(c).get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ((GrizzlyWebHost) host).openWebSockets() == 0);
    }

    @Test
    void showsTheRequestHeadersAndOriginToTheConfigurator() throws Exception {
        WsClient client = WsClient.connect(http, URI.create(echo() + "?EIO=4&transport=websocket"),
                Map.of("Origin", "http://app.example:8080", "Authorization", "Bearer abc"));

        client.sendText("origin");

        assertThat(client.next().text()).isEqualTo("origin=http://app.example:8080");
        assertThat(configurator.handshakes).hasSize(1);
        assertThat(configurator.handshakes.get(0))
                .containsEntry("Origin", List.of("http://app.example:8080"))
                .containsEntry("Authorization", List.of("Bearer abc"))
                .containsKey("Sec-WebSocket-Key");
    }

    @Test
    void refusesAHandshakeWith403WhenTheConfiguratorClearsTheAcceptHeader() {
        assertThatThrownBy(() -> WsClient.connect(http, echo(), Map.of("X-Refuse", "forbidden")))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(EchoEndpoint.CLOSES).isEmpty();
    }

    @Test
    void refusesAHandshakeWithTheStatusTheConfiguratorSetsOnTyrusResponse() {
        assertThatThrownBy(() -> WsClient.connect(http, echo(), Map.of("X-Refuse", "rate")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(429);
                    assertThat(e.getResponse().headers().firstValue("Retry-After")).contains("60");
                    assertThat(e.getResponse().headers().firstValue("Upgrade")).isEmpty();
                });
    }

    @Test
    void refusesAnOriginTheConfiguratorRejectsWith403() {
        assertThatThrownBy(() -> WsClient.connect(http, echo(), Map.of("Origin", "https://evil.example")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(configurator.handshakes).isEmpty();
    }

    @Test
    void aClientCloseReachesTheEndpointWithItsCodeAndReason() {
        WsClient client = WsClient.connect(http, echo());

        client.socket.sendClose(1000, "bye").join();

        await().atMost(Duration.ofSeconds(10)).until(() -> !EchoEndpoint.CLOSES.isEmpty());
        assertThat(EchoEndpoint.CLOSES.get(0).getCloseCode().getCode()).isEqualTo(1000);
        assertThat(EchoEndpoint.CLOSES.get(0).getReasonPhrase()).isEqualTo("bye");
        assertThat(client.closed).succeedsWithin(Duration.ofSeconds(10))
                .extracting(WsClient.Closed::code).isEqualTo(1000);
    }

    @Test
    void anEndpointCloseReachesTheClient() {
        WsClient client = WsClient.connect(http, echo());

        client.sendText("close");

        assertThat(client.closed).succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo(new WsClient.Closed(4000, "asked to close"));
    }

    @Test
    void closingTheHostSaysGoingAwayToEveryClient() {
        WsClient first = WsClient.connect(http, echo());
        WsClient second = WsClient.connect(http, echo());

        host.close();

        assertThat(first.closed).succeedsWithin(Duration.ofSeconds(10))
                .extracting(WsClient.Closed::code).isEqualTo(CloseReason.CloseCodes.GOING_AWAY.getCode());
        assertThat(second.closed).succeedsWithin(Duration.ofSeconds(10))
                .extracting(WsClient.Closed::code).isEqualTo(CloseReason.CloseCodes.GOING_AWAY.getCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> EchoEndpoint.CLOSES.size() == 2);
    }

    @Test
    void anUpgradeToAPathWithoutEndpointIsNotFound() {
        assertThatThrownBy(() -> WsClient.connect(http, URI.create("ws://127.0.0.1:" + host.port() + "/nothing")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void textIsCarriedAsUtf8() throws Exception {
        WsClient client = WsClient.connect(http, echo());
        String text = "日本語 ✓ " + new String(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80},
                StandardCharsets.UTF_8);

        client.sendText(text);

        assertThat(client.next().text()).isEqualTo(text);
    }
}
