package io.leadjobs.websocket;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Speaks Engine.IO/Socket.IO packets by hand over the JDK WebSocket client, for what the Socket.IO client
 * libraries refuse to send (a number as the token).
 */
final class RawSocketIoClient implements AutoCloseable {
    private final WebSocket ws;
    private final List<String> sink;

    private RawSocketIoClient(WebSocket ws, List<String> sink) {
        this.ws = ws;
        this.sink = sink;
    }

    static RawSocketIoClient open(HttpClient http, int port) throws Exception {
        CopyOnWriteArrayList<String> sink = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        sink.add("closed:" + statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        sink.add("closed:error");
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String message = partial.toString();
                            partial.setLength(0);
                            if (message.equals("2")) {
                                webSocket.sendText("3", true);
                            } else {
                                sink.add(message);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        return new RawSocketIoClient(ws, sink);
    }

    void send(String packet) {
        ws.sendText(packet, true).join();
    }

    /** Waits until the server closed the WebSocket; returns the close status (or "error"). */
    String awaitClosed() {
        return awaitMessage("closed:").substring("closed:".length());
    }

    /** The first received Engine.IO message starting with {@code prefix}. */
    String awaitMessage(String prefix) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.stream().anyMatch(m -> m.startsWith(prefix)));
        return sink.stream().filter(m -> m.startsWith(prefix)).findFirst().orElseThrow();
    }

    List<String> messages() {
        return List.copyOf(sink);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
