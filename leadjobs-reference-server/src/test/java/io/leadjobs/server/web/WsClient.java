package io.leadjobs.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK {@link WebSocket} client that queues what it receives, for tests. */
final class WsClient implements WebSocket.Listener {

    /** A received message: text or binary. */
    record Message(String text, byte[] binary) {
    }

    /** How the server closed the connection. */
    record Closed(int code, String reason) {
    }

    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);
    WebSocket socket;

    static WsClient connect(HttpClient http, URI uri) {
        return connect(http, uri, Map.of());
    }

    static WsClient connect(HttpClient http, URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    Message next() throws InterruptedException {
        Message message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message arrived within 10 seconds");
        }
        return message;
    }

    void sendText(String message) {
        socket.sendText(message, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(new Message(text.toString(), null));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
        joined.put(binary).put(data).flip();
        binary = joined;
        if (last) {
            byte[] bytes = new byte[binary.remaining()];
            binary.get(bytes);
            messages.add(new Message(null, bytes));
            binary = ByteBuffer.allocate(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
