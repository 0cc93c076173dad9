package io.leadjobs.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.RawWebSocket;
import io.leadjobs.testing.Threads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Socket.IO packets over a raw WebSocket against the server on embedded Tomcat, bad input included. */
class SocketIoProtocolTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SocketIoServer io;
    private EmbeddedTomcat tomcat;
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    private final ExecutorService admitter = Executors.newSingleThreadExecutor();
    private final CountDownLatch listenerMayFinish = new CountDownLatch(1);
    private final AtomicReference<CompletableFuture<Admission>> pendingAdmission = new AtomicReference<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.builder()
                // long enough that a test thread held up between the handshake and its namespace connect is not
                // closed; closesAConnectionThatJoinsNoNamespaceWithinConnectTimeout waits for it
                .connectTimeout(Duration.ofSeconds(5))
                .maxAttachments(2)
                .build();
        io.mainNamespace().onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (s, event) -> s.emit("message-back", event.args().toArray()));
            socket.on("message-with-ack", (s, event) -> event.acknowledge(event.args().toArray()));
            socket.on("join", (s, event) -> s.join(event.arg(0).orElseThrow().asText()));
            socket.on("kick-me", (s, event) -> s.disconnect());
            socket.onDisconnect((s, reason) -> disconnects.add(reason.text()));
        });
        io.namespace("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
        io.namespace("/private").use(socket -> socket.handshake().authString("token").isPresent()
                ? Admission.accept() : Admission.refuse("Authentication failed: missing token", Map.of("retry", false)));
        io.namespace("/broken").use(socket -> {
            throw new IllegalStateException("boom");
        });
        // admitted on another thread, with a connection listener that registers its handler only when told to
        io.namespace("/late-handlers")
                .useAsync(socket -> {
                    CompletableFuture<Admission> admission = new CompletableFuture<>();
                    pendingAdmission.set(admission);
                    return admission;
                })
                .onConnection(socket -> {
                    awaitQuietly(listenerMayFinish);
                    socket.on("message", (s, event) -> s.emit("message-back", event.args().toArray()));
                });
        tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        listenerMayFinish.countDown();
        admitter.shutdownNow();
        io.close();
        tomcat.close();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    private RawWebSocket open() throws Exception {
        RawWebSocket socket = RawWebSocket.connect(HTTP, "ws://localhost:" + tomcat.port() + "/socket.io/?EIO=4&transport=websocket");
        assertThat(socket.nextText()).startsWith("0{");
        return socket;
    }

    private RawWebSocket connected() throws Exception {
        RawWebSocket socket = open();
        socket.send("40");
        assertThat(socket.nextText()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        assertThat(socket.nextText()).isEqualTo("42[\"auth\",{}]");
        return socket;
    }

    @Test
    void connectsToTheMainNamespaceWithAuthPayload() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send("40{\"token\":\"123\"}");
            assertThat(socket.nextText()).startsWith("40{\"sid\":");
            assertThat(socket.nextText()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
        }
    }

    @Test
    void connectsToACustomNamespaceAndRefusesUnknownOnes() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send("40/custom,{\"token\":\"abc\"}");
            assertThat(socket.nextText()).startsWith("40/custom,{\"sid\":");
            assertThat(socket.nextText()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");

            socket.send("40/random");
            assertThat(socket.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
        }
    }

    @Test
    void middlewareRefusesWithConnectErrorAndData() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send("40/private,");
            assertThat(socket.nextText())
                    .isEqualTo("44/private,{\"message\":\"Authentication failed: missing token\",\"data\":{\"retry\":false}}");

            socket.send("40/private,{\"token\":\"t\"}");
            assertThat(socket.nextText()).startsWith("40/private,{\"sid\":");
        }
    }

    @Test
    void failingMiddlewareRefusesWithoutLeakingTheException() throws Exception {
        try (RawWebSocket socket = open()) {
            socket.send("40/broken,");
            assertThat(socket.nextText()).isEqualTo("44/broken,{\"message\":\"Internal server error\"}");
        }
    }

    @Test
    void eventsSentRightAfterConnectWaitForTheConnectionListeners() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("40/late-handlers,");
            // frames of one connection are handled in order: once this ack is back, the CONNECT above is pending
            socket.send("4216[\"message-with-ack\",\"before\"]");
            assertThat(socket.nextText()).isEqualTo("4316[\"before\"]");
            admitter.execute(() -> pendingAdmission.get().complete(Admission.accept()));
            assertThat(socket.nextText()).startsWith("40/late-handlers,{\"sid\":");
            // the listener is still blocked, so no handler for "message" is registered yet
            socket.send("42/late-handlers,[\"message\",1]");
            // likewise, once this ack is back the event above has reached the socket
            socket.send("4217[\"message-with-ack\",\"after\"]");
            assertThat(socket.nextText()).isEqualTo("4317[\"after\"]");

            listenerMayFinish.countDown();
            assertThat(socket.nextText()).isEqualTo("42/late-handlers,[\"message-back\",1]");
        }
    }

    @Test
    void echoesEventsAndAnswersAcks() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
            assertThat(socket.nextText()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");

            socket.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
            assertThat(socket.nextText()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
        }
    }

    @Test
    void echoesBinaryAttachments() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            socket.send(new byte[] {1, 2, 3});
            socket.send(new byte[] {4, 5, 6});

            assertThat(socket.nextText())
                    .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            assertThat(socket.next().binary()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
            assertThat(socket.next().binary()).hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5, 6));
        }
    }

    @Test
    void clientDisconnectFromANamespaceKeepsTheConnection() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("40/custom");
            socket.nextText();
            socket.nextText();
            socket.send("41/custom");
            socket.send("42[\"message\",\"still here\"]");
            assertThat(socket.nextText()).isEqualTo("42[\"message-back\",\"still here\"]");

            socket.send("41");
            await().atMost(Duration.ofSeconds(30)).until(() -> disconnects.contains("client namespace disconnect"));
            assertThat(io.mainNamespace().sockets()).isEmpty();
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void serverDisconnectSendsADisconnectPacket() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("42[\"kick-me\"]");
            assertThat(socket.nextText()).isEqualTo("41");
            await().atMost(Duration.ofSeconds(30)).until(() -> disconnects.contains("server namespace disconnect"));
        }
    }

    @Test
    void closesAConnectionThatJoinsNoNamespaceWithinConnectTimeout() throws Exception {
        try (RawWebSocket socket = open()) {
            assertThat(socket.awaitClose()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> io.engine().connectionCount() == 0);
    }

    @Test
    void closingTheConnectionDisconnectsTheSocketAndEmptiesItsRooms() throws Exception {
        RawWebSocket socket = connected();
        socket.send("42[\"join\",\"room-1\"]");
        await().atMost(Duration.ofSeconds(30)).until(() -> io.mainNamespace().roomSize("room-1") == 1);

        socket.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> disconnects.contains("transport close"));
        assertThat(io.mainNamespace().roomSize("room-1")).isZero();
        assertThat(io.mainNamespace().sockets()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "4abc",
        "47",
        "42{}",
        "42\"text\"",
        "42[]",
        "42[{\"toString\":\"foo\"}]",
        "42[null,\"x\"]",
        "42[\"connect\"]",
        "42[\"disconnect\"]",
        "42[\"error\",{\"message\":\"forged\"}]",
        "42abc[\"message\",1]",
        "4212345678901234567890[\"message-with-ack\"]",
        "44{\"message\":\"x\"}",
        "453-[\"message\"]",
        "45x-[\"message\"]",
        "43[1]",
        "42[\"message\",1",
    })
    void malformedPacketsCloseTheConnectionAndTheServerCarriesOn(String packet) throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send(packet);
            socket.awaitClose();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> disconnects.contains("forced close"));
        try (RawWebSocket next = connected()) {
            next.send("42[\"message\",\"ok\"]");
            assertThat(next.nextText()).isEqualTo("42[\"message-back\",\"ok\"]");
        }
    }

    /** Serialized by hand so the test can count how often the server encodes it. */
    @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = CountedSerializer.class)
    record Counted(String text) {
    }

    static final java.util.concurrent.atomic.AtomicInteger SERIALIZATIONS = new java.util.concurrent.atomic.AtomicInteger();

    static final class CountedSerializer extends com.fasterxml.jackson.databind.JsonSerializer<Counted> {
        @Override
        public void serialize(Counted value, com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider serializers) throws java.io.IOException {
            SERIALIZATIONS.incrementAndGet();
            gen.writeString(value.text());
        }
    }

    @Test
    void broadcastToARoomIsEncodedOnceForAllRecipients() throws Exception {
        List<RawWebSocket> members = List.of(connected(), connected(), connected());
        try (RawWebSocket outsider = connected()) {
            for (RawWebSocket member : members) {
                member.send("42[\"join\",\"room-b\"]");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> io.mainNamespace().roomSize("room-b") == 3);
            SERIALIZATIONS.set(0);

            io.mainNamespace().to("room-b").emit("news", new Counted("once"));

            for (RawWebSocket member : members) {
                assertThat(member.nextText()).isEqualTo("42[\"news\",\"once\"]");
            }
            assertThat(SERIALIZATIONS).hasValue(1);
            outsider.send("42[\"message\",\"x\"]");
            assertThat(outsider.nextText()).as("the outsider got no news").isEqualTo("42[\"message-back\",\"x\"]");
        } finally {
            members.forEach(RawWebSocket::close);
        }
    }

    @Test
    void placeholderOutsideTheAttachmentsClosesTheConnection() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("451-[\"message\",{\"_placeholder\":true,\"num\":1}]");
            socket.send(new byte[] {1});
            socket.awaitClose();
        }
    }

    @Test
    void binaryFrameNobodyAnnouncedClosesTheConnection() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send(new byte[] {1, 2});
            socket.awaitClose();
        }
    }

    @Test
    void textPacketWhileAttachmentsArePendingClosesTheConnection() throws Exception {
        try (RawWebSocket socket = connected()) {
            socket.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            socket.send(new byte[] {1});
            socket.send("42[\"message\"]");
            socket.awaitClose();
        }
    }
}
