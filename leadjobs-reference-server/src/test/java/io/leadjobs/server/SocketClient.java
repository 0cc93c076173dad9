package io.leadjobs.server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;


/** A real Socket.IO client (io.socket:socket.io-client) on one transport, recording every event it gets. */
final class SocketClient implements AutoCloseable {

    /**
     * The HTTP client of every test client: OkHttp's default of 5 requests at a time per host would leave a sixth
     * long-polling client waiting behind the others' held polls.
     */
    private static final OkHttpClient HTTP = http();

    private static OkHttpClient http() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1_000);
        dispatcher.setMaxRequestsPerHost(1_000);
        return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofMinutes(1)).build();
    }

    /** One event as received: its name and first argument. */
    record Received(String name, Object payload) {
        JSONObject json() {
            return (JSONObject) payload;
        }

        /** A text field of the payload object; empty when absent. */
        String string(String key) {
            return payload instanceof JSONObject o ? o.optString(key, "") : "";
        }

        /** A number field of the payload object; -1 when absent. */
        int integer(String key) {
            return payload instanceof JSONObject o ? o.optInt(key, -1) : -1;
        }
    }

    private final Socket socket;
    private final List<Received> events = new CopyOnWriteArrayList<>();

    private SocketClient(Socket socket) {
        this.socket = socket;
        for (String name : List.of("job-status", "job-update", "error", Socket.EVENT_CONNECT_ERROR)) {
            socket.on(name, args -> events.add(new Received(name, args.length > 0 ? args[0] : null)));
        }
        socket.on(Socket.EVENT_CONNECT, args -> events.add(new Received("connect", null)));
        socket.on(Socket.EVENT_DISCONNECT, args -> events.add(new Received("disconnect", args.length > 0 ? args[0] : null)));
    }

    /** Connects to {@code url} over {@code transport} ("websocket" or "polling") with {@code auth: { token }}. */
    static SocketClient connect(String url, String transport, String token) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {transport};
        options.upgrade = false;
        options.auth = Map.of("token", token);
        options.callFactory = HTTP;
        options.webSocketFactory = HTTP;
        SocketClient client = new SocketClient(IO.socket(URI.create(url), options));
        client.socket.connect();
        return client;
    }

    boolean connected() {
        return socket.connected();
    }

    /** Waits for the first event named {@code name} whose payload matches, and returns it. */
    Received await(String name, Predicate<Received> matching) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> find(name, matching), Optional::isPresent).orElseThrow();
    }

    Received await(String name) {
        return await(name, r -> true);
    }

    Optional<Received> find(String name, Predicate<Received> matching) {
        return events.stream().filter(e -> e.name().equals(name) && matching.test(e)).findFirst();
    }

    List<Received> all(String name) {
        List<Received> out = new ArrayList<>();
        for (Received e : events) {
            if (e.name().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Emits {@code event} with one argument and returns the server's acknowledgement. */
    JSONObject emitWithAck(String event, Object argument) throws Exception {
        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] {argument}, (Ack) args -> ack.complete((JSONObject) args[0]));
        return ack.get(20, TimeUnit.SECONDS);
    }

    void emit(String event, Object argument) {
        socket.emit(event, argument);
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !socket.connected());
    }
}
