package io.leadjobs.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A WebSocket client (JDK) that records what it receives, for protocol-level tests. */
public final class RawWebSocket implements AutoCloseable {

    /** A received text frame, binary frame, or the close (code in {@code closeCode}). */
    public record Frame(Optional<String> text, Optional<byte[]> binary, int closeCode) {
        public boolean isClose() {
            return closeCode != 0;
        }
    }

    private final WebSocket socket;
    private final BlockingQueue<Frame> received;
    private final CompletableFuture<Integer> closed;

    private RawWebSocket(WebSocket socket, BlockingQueue<Frame> received, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    public static RawWebSocket connect(HttpClient http, String url) throws Exception {
        return connect(http, url, Optional.empty());
    }

    public static RawWebSocket connect(HttpClient http, String url, Optional<String> origin) throws Exception {
        BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(new Frame(Optional.of(text.toString()), Optional.empty(), 0));
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                binary.writeBytes(bytes);
                if (last) {
                    received.add(new Frame(Optional.empty(), Optional.of(binary.toByteArray()), 0));
                    binary = new java.io.ByteArrayOutputStream();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                received.add(new Frame(Optional.empty(), Optional.empty(), statusCode));
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                received.add(new Frame(Optional.empty(), Optional.empty(), 1006));
                closed.complete(1006);
            }
        };
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        origin.ifPresent(o -> builder.header("Origin", o));
        WebSocket socket = builder.buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
        return new RawWebSocket(socket, received, closed);
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    public void send(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
    }

    /** The next frame, skipping server pings ("2"), waiting up to 10 s. */
    public Frame next() throws InterruptedException {
        while (true) {
            Frame frame = received.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 10 s");
            }
            if (frame.text().filter("2"::equals).isEmpty()) {
                return frame;
            }
        }
    }

    /** The next text frame, skipping pings; fails on anything else. */
    public String nextText() throws InterruptedException {
        Frame frame = next();
        return frame.text().orElseThrow(() -> new AssertionError("expected a text frame, got " + describe(frame)));
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() throws InterruptedException, ExecutionException, TimeoutException {
        return closed.get(30, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    private static String describe(Frame frame) {
        return frame.isClose() ? "close " + frame.closeCode() : frame.binary().map(b -> b.length + " bytes").orElse("?");
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
