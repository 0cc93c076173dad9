package io.leadjobs.loadtool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A small Socket.IO v5 client over the JDK WebSocket (Engine.IO v4, WebSocket transport only): open, CONNECT
 * with an auth token, ping/pong, one {@code subscribe-job} with an acknowledgement, and {@code job-update}
 * events. Thousands share one HttpClient and its selector thread, which the thread-per-connection
 * socket.io-client-java cannot do on a small machine.
 */
final class JdkSocketIoClient implements WebSocket.Listener {

    /** What the load tool wants to hear about. */
    interface Events {
        void subscribed(boolean ok, String answer);

        void refused(String reason);

        void update(String packet, long receivedMicros);

        void closed();
    }

    private final String token;
    private final String jobId;
    private final Events events;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private JdkSocketIoClient(String token, String jobId, Events events) {
        this.token = token;
        this.jobId = jobId;
        this.events = events;
    }

    static void connect(HttpClient http, URI server, String token, String jobId, Events events,
                        Consumer<JdkSocketIoClient> opened) {
        JdkSocketIoClient client = new JdkSocketIoClient(token, jobId, events);
        URI uri = URI.create("ws://" + server.getHost() + ":" + server.getPort() + "/socket.io/?EIO=4&transport=websocket");
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, client)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        events.refused(String.valueOf(error.getMessage()));
                    } else {
                        opened.accept(client);
                    }
                });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String packet = partial.toString();
            partial.setLength(0);
            handle(webSocket, packet);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(WebSocket webSocket, String packet) {
        if (packet.startsWith("42[\"job-update\"")) {
            events.update(packet, LoadTool.nowMicros());
        } else if (packet.equals("2")) {
            webSocket.sendText("3", true);
        } else if (packet.startsWith("0{")) {
            webSocket.sendText("40{\"token\":\"" + token + "\"}", true);
        } else if (packet.startsWith("40")) {
            webSocket.sendText("420[\"subscribe-job\",\"" + jobId + "\"]", true);
        } else if (packet.startsWith("430")) {
            events.subscribed(packet.contains("\"ok\":true"), packet);
        } else if (packet.startsWith("44")) {
            events.refused(packet);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.closed();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.closed();
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
