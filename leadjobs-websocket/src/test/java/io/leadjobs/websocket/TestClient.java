package io.leadjobs.websocket;

import static org.awaitility.Awaitility.await;

import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real Socket.IO client (socket.io-client-java) that records every event it receives. */
final class TestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received event: its name and first argument as JSON. */
    record Received(String event, JsonNode json) {
    }

    static JsonNode toJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(value instanceof String text ? JSON.writeValueAsString(text) : value.toString());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + value, e);
        }
    }

    private final Socket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Boolean> connected = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> connectError = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();

    TestClient(Socket socket) {
        this.socket = socket;
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            Object first = args.length > 0 ? args[0] : null;
            connectError.complete(first instanceof Exception e
                    ? JSON.createObjectNode().put("message", e.getMessage()).put("transport", true)
                    : toJson(first));
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        socket.onAnyIncoming(args -> received.add(new Received((String) args[0], toJson(args.length > 1 ? args[1] : null))));
    }

    void connect() {
        socket.connect();
    }

    Socket socket() {
        return socket;
    }

    TestClient awaitConnected() {
        await().atMost(Duration.ofSeconds(10)).until(() -> connected.isDone() || connectError.isDone());
        if (connectError.isDone()) {
            throw new AssertionError("Expected a connection but got connect_error " + connectError.join());
        }
        return this;
    }

    /** The CONNECT_ERROR payload the server answered with. */
    JsonNode awaitConnectError() {
        await().atMost(Duration.ofSeconds(10)).until(() -> connected.isDone() || connectError.isDone());
        if (connected.isDone()) {
            throw new AssertionError("Expected connect_error but the client connected");
        }
        return connectError.join();
    }

    String awaitDisconnect() {
        try {
            return disconnected.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The client was not disconnected", e);
        }
    }

    boolean isConnected() {
        return socket.connected();
    }

    void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    /** Emits and waits for the acknowledgement's first argument. */
    JsonNode emitWithAck(String event, Object arg) {
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] {arg}, (Ack) args -> ack.complete(toJson(args.length > 0 ? args[0] : null)));
        try {
            return ack.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("No acknowledgement for " + event, e);
        }
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    List<Received> received(String event) {
        return received.stream().filter(r -> r.event().equals(event)).toList();
    }

    /** Waits until an event matching {@code test} arrived and returns it. */
    Received awaitEvent(String event, Predicate<Received> test) {
        await().atMost(Duration.ofSeconds(15)).until(() -> received(event).stream().anyMatch(test));
        return received(event).stream().filter(test).findFirst().orElseThrow();
    }

    Received awaitEvent(String event) {
        return awaitEvent(event, r -> true);
    }

    Optional<Received> last(String event) {
        List<Received> list = received(event);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "TestClient" + Arrays.toString(received.toArray());
    }
}
