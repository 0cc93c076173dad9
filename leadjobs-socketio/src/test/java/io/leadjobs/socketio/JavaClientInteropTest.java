package io.leadjobs.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.testing.EmbeddedTomcat;
import io.leadjobs.testing.Threads;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java {@code io.socket:socket.io-client} against the server on embedded Tomcat, over both transport setups. */
class JavaClientInteropTest {

    private static final AttributeKey<String> USER = AttributeKey.of("user", String.class);

    private SocketIoServer io;
    private EmbeddedTomcat tomcat;
    private OkHttpClient http;
    private final List<Socket> clients = new ArrayList<>();
    private final List<SocketIoSocket> serverSockets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        // a short ping interval for the reconnect test (see there); the pong still has 5 s, so that a client whose
        // threads a busy machine holds up is not dropped in the middle of another test (a dropped member loses its room)
        io = SocketIoServer.builder().pingInterval(Duration.ofMillis(1000)).pingTimeout(Duration.ofMillis(5000)).build();
        Namespace main = io.mainNamespace();
        main.use(socket -> socket.handshake().authString("token")
                .filter("secret"::equals)
                .map(token -> {
                    socket.attributes().put(USER, "alice");
                    return Admission.accept();
                })
                .orElseGet(() -> Admission.refuse("Authentication failed: missing token")));
        main.onConnection(socket -> {
            serverSockets.add(socket);
            socket.on("echo", (s, event) -> event.acknowledge(event.args().toArray()));
            socket.on("whoami", (s, event) -> event.acknowledge(s.attributes().get(USER).orElse("nobody")));
            socket.on("join", (s, event) -> {
                s.join(event.arg(0).orElseThrow().asText());
                event.acknowledge(Map.of("ok", true));
            });
        });
        tomcat = EmbeddedTomcat.start(io.servlet(), io.servletMapping());
        http = new OkHttpClient.Builder().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.forEach(Socket::close);
        io.close();
        tomcat.close();
        http.dispatcher().executorService().shutdown();
        http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
        http.connectionPool().evictAll();
        Threads.assertNoLeadjobsThreadsRemain();
    }

    private Socket client(String transports, Map<String, String> auth) {
        IO.Options options = IO.Options.builder()
                .setTransports(transports.equals("websocket") ? new String[] {WebSocket.NAME}
                        : new String[] {Polling.NAME, WebSocket.NAME})
                .setAuth(auth)
                .setForceNew(true)
                .setReconnectionDelay(100)
                .setReconnectionDelayMax(300)
                .setRandomizationFactor(0)
                .build();
        options.callFactory = http;
        options.webSocketFactory = http;
        Socket socket = IO.socket(URI.create(tomcat.httpUrl()), options);
        clients.add(socket);
        return socket;
    }

    private static void awaitConnected(Socket socket) {
        await().atMost(Duration.ofSeconds(10)).until(socket::connected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void connectsWithAuthAndReceivesAcknowledgements(String transports) throws Exception {
        Socket socket = client(transports, Map.of("token", "secret"));
        socket.connect();
        awaitConnected(socket);

        CompletableFuture<Object[]> echo = new CompletableFuture<>();
        socket.emit("echo", new Object[] {new JSONObject(Map.of("n", 42)), "text"}, (Ack) echo::complete);
        Object[] answer = echo.get(10, TimeUnit.SECONDS);
        assertThat(((JSONObject) answer[0]).getInt("n")).isEqualTo(42);
        assertThat(answer[1]).isEqualTo("text");

        CompletableFuture<Object[]> who = new CompletableFuture<>();
        socket.emit("whoami", new Object[0], (Ack) who::complete);
        assertThat(who.get(10, TimeUnit.SECONDS)).containsExactly("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void refusesAClientWithoutTokenWithConnectError(String transports) throws Exception {
        Socket socket = client(transports, Map.of());
        CompletableFuture<Object> error = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> error.complete(args[0]));
        socket.connect();
        Object received = error.get(10, TimeUnit.SECONDS);
        assertThat(received).isInstanceOf(JSONObject.class);
        assertThat(((JSONObject) received).getString("message")).isEqualTo("Authentication failed: missing token");
        assertThat(socket.connected()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void deliversRoomBroadcastsOnlyToMembers(String transports) throws Exception {
        Socket member = client(transports, Map.of("token", "secret"));
        Socket outsider = client(transports, Map.of("token", "secret"));
        List<Object> memberGot = new CopyOnWriteArrayList<>();
        List<Object> outsiderGot = new CopyOnWriteArrayList<>();
        member.on("news", args -> memberGot.add(args[0]));
        outsider.on("news", args -> outsiderGot.add(args[0]));
        member.connect();
        outsider.connect();
        awaitConnected(member);
        awaitConnected(outsider);
        CompletableFuture<Object[]> joined = new CompletableFuture<>();
        member.emit("join", new Object[] {"room-a"}, (Ack) joined::complete);
        joined.get(10, TimeUnit.SECONDS);

        io.mainNamespace().to("room-a").emit("news", "for room-a");
        io.mainNamespace().emit("news", "for everyone");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(memberGot).containsExactly("for room-a", "for everyone");
            assertThat(outsiderGot).containsExactly("for everyone");
        });
    }

    /*
     * The Java client never answers a server's WebSocket close frame (its OkHttp listener lacks onClosing), so it
     * notices a server-side close through the heartbeat: no ping within pingInterval + pingTimeout. This test's
     * server uses a short ping interval for that reason.
     */
    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void clientReconnectsAfterTheServerDropsItsConnection(String transports) {
        Socket socket = client(transports, Map.of("token", "secret"));
        AtomicInteger connects = new AtomicInteger();
        socket.on(Socket.EVENT_CONNECT, args -> connects.incrementAndGet());
        socket.connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> connects.get() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !serverSockets.isEmpty());

        serverSockets.get(0).connection().close();

        await().atMost(Duration.ofSeconds(60)).until(() -> connects.get() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> io.mainNamespace().sockets().size() == 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void serverReceivesTheClientsAcknowledgement(String transports) throws Exception {
        Socket socket = client(transports, Map.of("token", "secret"));
        socket.on("question", args -> ((Ack) args[args.length - 1]).call("answer:" + args[0]));
        socket.connect();
        awaitConnected(socket);
        await().atMost(Duration.ofSeconds(10)).until(() -> !serverSockets.isEmpty());

        var reply = serverSockets.get(0).emitWithAck("question", Duration.ofSeconds(10), "life").get(10, TimeUnit.SECONDS);

        assertThat(reply).hasSize(1);
        assertThat(reply.get(0).asText()).isEqualTo("answer:life");
    }
}
