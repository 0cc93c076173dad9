package io.leadjobs.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.RawWebSocket;
import io.leadjobs.testing.Threads;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engine.IO over real HTTP and WebSocket on embedded Tomcat, including the bad input the server must survive. */
class EngineIoProtocolTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MAX_PAYLOAD = 1000;

    private EngineIoServer server;
    private EmbeddedTomcat tomcat;
    private final Map<String, EngineIoSocket> sockets = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        start(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /** Replaces the server with one whose heartbeat uses this interval and timeout. */
    private void start(Duration pingInterval, Duration pingTimeout) {
        if (server != null) {
            server.close();
            tomcat.close();
        }
        server = EngineIoServer.builder()
                .pingInterval(pingInterval)
                .pingTimeout(pingTimeout)
                .maxPayload(MAX_PAYLOAD)
                .outboundQueueCapacity(3)
                .allowedOrigins("https://allowed.example")
                .handshakeFilter(h -> h.header("x-test-rate-limit").isPresent()
                        ? HandshakeDecision.tooManyRequests() : HandshakeDecision.accept())
                .onConnection(socket -> {
                    sockets.put(socket.id(), socket);
                    socket.setMessageListener(new MessageListener() {
                        @Override
                        public void onText(EngineIoSocket s, String text) {
                            if (!text.equals("quiet")) {
                                s.send(OutboundMessage.text(text));
                            }
                        }

                        @Override
                        public void onBinary(EngineIoSocket s, byte[] data) {
                            s.send(OutboundMessage.binary(data));
                        }
                    });
                })
                .build();
        tomcat = EmbeddedTomcat.start(server.servlet(), server.servletMapping());
    }

    @AfterEach
    void stop() {
        server.close();
        tomcat.close();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    // ------------------------------------------------------------------ helpers

    private String url(String query) {
        return tomcat.httpUrl() + "/engine.io/?" + query;
    }

    private HttpResponse<String> get(String query, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(query))).timeout(Duration.ofSeconds(15));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url(query))).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String query, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(query)))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return post(query, body.getBytes(StandardCharsets.UTF_8));
    }

    private String open() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        return body.substring(body.indexOf("\"sid\":\"") + 7, body.indexOf("\"", body.indexOf("\"sid\":\"") + 7));
    }

    private String poll(String sid) throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling&sid=" + sid);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void assertSessionGone(String sid) throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling&sid=" + sid);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    private String ws(String query) {
        return "ws://localhost:" + tomcat.port() + "/engine.io/?" + query;
    }

    // ------------------------------------------------------------------ handshake

    @Test
    void pollingHandshakeAnnouncesSessionAndSettings() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],"
                + "\"pingInterval\":10000,\"pingTimeout\":10000,\"maxPayload\":1000}");
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void sessionIdsAreDistinct() throws Exception {
        assertThat(open()).isNotEqualTo(open());
    }

    @ParameterizedTest
    @ValueSource(strings = {"transport=polling", "EIO=3&transport=polling", "EIO=abc&transport=polling", "EIO=&transport=polling"})
    void refusesAMissingOrWrongProtocolVersion(String query) throws Exception {
        HttpResponse<String> response = get(query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version: EIO must be 4\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EIO=4", "EIO=4&transport=__proto__", "EIO=4&transport=abc", "EIO=4&transport=constructor"})
    void refusesUnknownTransports(String query) throws Exception {
        HttpResponse<String> response = get(query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fetc%2Fpasswd", "x", "%00"})
    void refusesUnknownOrForgedSessionIds(String sid) throws Exception {
        open();

        assertSessionGone(sid);
        HttpResponse<String> post = post("EIO=4&transport=polling&sid=" + sid, "4hello");
        assertThat(post.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesAHandshakeThatIsNotAGet() throws Exception {
        HttpResponse<String> response = post("EIO=4&transport=polling", "4hello");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":2");
    }

    @Test
    void refusesAMalformedQueryString() throws Exception {
        try (Socket raw = new Socket("localhost", tomcat.port())) {
            raw.getOutputStream().write(("GET /engine.io/?EIO=4&transport=polling&x=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400").contains("malformed escape in '%zz'");
        }
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void handshakeFilterRefusesWith429OnBothTransports() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling", "x-test-rate-limit", "1");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).contains("Too many requests");

        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().header("x-test-rate-limit", "1")
                .buildAsync(URI.create(ws("EIO=4&transport=websocket")), new java.net.http.WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(429));
        assertThat(server.connectionCount()).isZero();
    }

    // ------------------------------------------------------------------ CORS and Origin

    @Test
    void answersCorsForAnAllowedOriginAndItsPreflight() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling", "Origin", "https://allowed.example");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://allowed.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(url("EIO=4&transport=polling")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://allowed.example")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, POST, OPTIONS");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
    }

    @Test
    void refusesOriginsOutsideTheAllowListOnBothTransports() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling", "Origin", "https://evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        assertThatThrownBy(() -> RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"), Optional.of("https://evil.example")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void acceptsTheServersOwnOrigin() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling", "Origin", "http://localhost:" + tomcat.port());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ polling

    @Test
    void echoesTextAndBinaryPacketsOverPolling() throws Exception {
        String sid = open();

        HttpResponse<String> push = post("EIO=4&transport=polling&sid=" + sid, "4hello\u001e4wörld\u001ebAQIDBA==");
        assertThat(push.statusCode()).isEqualTo(200);
        assertThat(push.body()).isEqualTo("ok");

        assertThat(poll(sid)).isEqualTo("4hello\u001e4wörld\u001ebAQIDBA==");
    }

    @Test
    void heldPollIsAnsweredWhenAMessageArrives() throws Exception {
        String sid = open();
        CompletableFuture<HttpResponse<String>> held = getAsync("EIO=4&transport=polling&sid=" + sid);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((EngineIoSession) sockets.get(sid)).hasPendingPoll());

        sockets.get(sid).send(OutboundMessage.text("late"));

        assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("4late");
    }

    @Test
    void secondConcurrentGetIsRefusedAndClosesTheSession() throws Exception {
        String sid = open();
        CompletableFuture<HttpResponse<String>> first = getAsync("EIO=4&transport=polling&sid=" + sid);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((EngineIoSession) sockets.get(sid)).hasPendingPoll());

        HttpResponse<String> second = get("EIO=4&transport=polling&sid=" + sid);

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("1");
        assertSessionGone(sid);
    }

    @Test
    void secondConcurrentPostIsRefusedAndClosesTheSession() throws Exception {
        String sid = open();
        try (Socket slow = new Socket("localhost", tomcat.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 100\r\n\r\n4partial").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> ((EngineIoSession) sockets.get(sid)).hasActivePost());

            HttpResponse<String> second = post("EIO=4&transport=polling&sid=" + sid, "4second");

            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(second.body()).contains("a POST is already in progress");
        }
        assertSessionGone(sid);
    }

    @Test
    void postOverMaxPayloadIsRefusedWith413AndClosesTheSession() throws Exception {
        String sid = open();

        HttpResponse<String> response = post("EIO=4&transport=polling&sid=" + sid, "4" + "x".repeat(MAX_PAYLOAD));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("the limit is 1000 bytes");
        assertSessionGone(sid);
    }

    @Test
    void postThatIsNotUtf8ClosesTheSession() throws Exception {
        String sid = open();

        HttpResponse<String> response = post("EIO=4&transport=polling&sid=" + sid,
                new byte[] {'4', (byte) 0xC3, (byte) 0x28, 'x'});

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid UTF-8");
        assertSessionGone(sid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "9", "", "4ok\u001ex", "b!!!notbase64"})
    void malformedPacketsCloseThePollingSession(String body) throws Exception {
        String sid = open();

        HttpResponse<String> response = post("EIO=4&transport=polling&sid=" + sid, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertSessionGone(sid);
        assertThat(open()).as("the server carries on").isNotBlank();
    }

    @Test
    void aFloodOfUnsolicitedPongsClosesTheSession() throws Exception {
        String sid = open();

        post("EIO=4&transport=polling&sid=" + sid, "3\u001e3\u001e3\u001e3\u001e3");

        assertSessionGone(sid);
    }

    @Test
    void answersAFewClientPingsWithPongsCarryingTheirData() throws Exception {
        String sid = open();

        post("EIO=4&transport=polling&sid=" + sid, "2a\u001e2b\u001e2");

        assertThat(poll(sid)).isEqualTo("3a\u001e3b\u001e3");
    }

    @Test
    void twentyThousandClientPingsGetAFewPongsAndCloseTheSession() throws Exception {
        String sid = open();
        String flood = String.join("\u001e", java.util.Collections.nCopies(20_000, "2"));

        long start = System.nanoTime();
        post("EIO=4&transport=polling&sid=" + sid, flood);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;

        HttpResponse<String> answer = get("EIO=4&transport=polling&sid=" + sid);
        long pongs = answer.statusCode() == 200 ? answer.body().chars().filter(c -> c == '3').count() : 0;
        assertThat(pongs).as("pongs for 20,000 pings sent within %d s", seconds)
                .isLessThanOrEqualTo(Heartbeat.CLIENT_PINGS_PER_SECOND * seconds);
        assertSessionGone(sid);
    }

    @Test
    void clientCloseEndsTheSessionAndAnswersTheHeldPollWithNoop() throws Exception {
        String sid = open();
        CompletableFuture<HttpResponse<String>> held = getAsync("EIO=4&transport=polling&sid=" + sid);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((EngineIoSession) sockets.get(sid)).hasPendingPoll());

        post("EIO=4&transport=polling&sid=" + sid, "1");

        assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("6");
        assertSessionGone(sid);
    }

    // ------------------------------------------------------------------ heartbeat

    @Test
    void pingsAndClosesAPollingSessionThatDoesNotPong() throws Exception {
        // pings come often, but the pong has 5 s: a busy machine may take a while between reading the first ping
        // and posting its pong, and the session must survive that
        start(Duration.ofMillis(600), Duration.ofSeconds(5));
        String sid = open();

        assertThat(poll(sid)).isEqualTo("2");
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "3").statusCode()).isEqualTo(200);
        assertThat(poll(sid)).isEqualTo("2");

        await().atMost(Duration.ofSeconds(60)).until(() -> !sockets.get(sid).isOpen());
        assertSessionGone(sid);
    }

    @Test
    void closesAWebSocketThatDoesNotPong() throws Exception {
        start(Duration.ofMillis(600), Duration.ofMillis(600));
        try (RawWebSocket socket = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"))) {
            assertThat(socket.nextText()).startsWith("0{");

            assertThat(socket.awaitClose()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
    }

    // ------------------------------------------------------------------ overflow

    @Test
    void fullQueueDropsDroppableMessagesAndClosesOnOthers() throws Exception {
        String sid = open();
        EngineIoSocket socket = sockets.get(sid);

        assertThat(socket.send(OutboundMessage.text("a"))).isTrue();
        assertThat(socket.send(OutboundMessage.text("b").asDroppable())).isTrue();
        assertThat(socket.send(OutboundMessage.text("c"))).isTrue();
        assertThat(socket.send(OutboundMessage.text("dropped").asDroppable())).isFalse();
        assertThat(socket.isOpen()).isTrue();
        assertThat(socket.send(OutboundMessage.text("d"))).as("evicts the queued droppable b").isTrue();
        assertThat(poll(sid)).isEqualTo("4a\u001e4c\u001e4d");

        for (String m : new String[] {"1", "2", "3"}) {
            socket.send(OutboundMessage.text(m));
        }
        assertThat(socket.send(OutboundMessage.text("overflow"))).isFalse();
        assertThat(socket.isOpen()).isFalse();
        assertSessionGone(sid);
    }

    // ------------------------------------------------------------------ websocket

    @Test
    void echoesTextAndBinaryOverWebSocket() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"))) {
            assertThat(socket.nextText()).contains("\"upgrades\":[]");
            socket.send("4hello");
            assertThat(socket.nextText()).isEqualTo("4hello");
            socket.send(new byte[] {1, 2, 3});
            assertThat(socket.next().binary()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "9", ""})
    void malformedPacketsCloseTheWebSocket(String packet) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"))) {
            socket.nextText();
            socket.send(packet);
            assertThat(socket.awaitClose()).isEqualTo(1002);
        }
    }

    @Test
    void webSocketMessageOverMaxPayloadClosesTheConnection() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"))) {
            socket.nextText();
            socket.send("4" + "x".repeat(MAX_PAYLOAD + 10));
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void webSocketTextThatIsNotUtf8ClosesTheConnection() throws Exception {
        try (Socket raw = new Socket("localhost", tomcat.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(raw.getInputStream());
            String headers = readHeaders(in);
            assertThat(headers).startsWith("HTTP/1.1 101");
            assertThat(readFrame(in).opcode()).as("open packet").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);

            byte[] payload = {'4', (byte) 0xC3, (byte) 0x28};
            byte[] mask = {1, 2, 3, 4};
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3]});
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();

            Frame close = readFrame(in);
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1007);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
    }

    private record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private static String readHeaders(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.readUnsignedByte());
        }
        return headers.toString();
    }

    private static Frame readFrame(java.io.DataInputStream in) throws java.io.IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    @Test
    void upgradesAPollingSessionAndRefusesASecondWebSocket() throws Exception {
        String sid = open();
        try (RawWebSocket upgrade = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket&sid=" + sid))) {
            upgrade.send("2probe");
            assertThat(upgrade.nextText()).isEqualTo("3probe");
            upgrade.send("5");
            await().atMost(Duration.ofSeconds(30)).until(() -> sockets.get(sid).transport().equals("websocket"));

            try (RawWebSocket second = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket&sid=" + sid))) {
                assertThat(second.awaitClose()).isEqualTo(1008);
            }
            HttpResponse<String> poll = get("EIO=4&transport=polling&sid=" + sid);
            assertThat(poll.statusCode()).isEqualTo(400);

            upgrade.send("4still here");
            assertThat(upgrade.nextText()).isEqualTo("4still here");
        }
    }

    @Test
    void refusesAWebSocketForAnUnknownSession() {
        assertThatThrownBy(() -> RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void closeStopsEveryConnectionAndRefusesNewOnes() throws Exception {
        String sid = open();
        RawWebSocket socket = RawWebSocket.connect(HTTP, ws("EIO=4&transport=websocket"));
        socket.nextText();

        server.close();

        assertThat(socket.awaitClose()).isEqualTo(1000);
        assertThat(get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(503);
        assertThat(get("EIO=4&transport=polling").statusCode()).isEqualTo(503);
        socket.close();
    }
}
