package io.leadjobs.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.engineio.RawFrameWriter;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host gives a library's (package-private, so wrapped) endpoint its connection's {@link RawFrameWriter}:
 * frames written through it as bytes, several in one write, reach a real WebSocket client as messages, between
 * frames that Tyrus writes itself; and frames that wait in Grizzly's write queue while the client reads nothing
 * reach it whole and in order once it does.
 */
class RawFramesTest {

    private static final int FLOOD_FRAMES = 200;
    private static final int FLOOD_FRAME_BYTES = 64 * 1024;

    private WebHost host;

    @BeforeEach
    void startHost() {
        host = WebHost.builder().port(0)
                .endpoint(ServerEndpointConfig.Builder.create(RawEndpoint.class, "/raw")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> type) {
                                return type.cast(new RawEndpoint());
                            }
                        }).build())
                .start();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void framesWrittenAsBytesReachTheClientInOrderBetweenTheContainersOwn() throws Exception {
        WsClient client = WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + host.port() + "/raw"));

        client.sendText("héllo");

        assertThat(client.next().text()).isEqualTo("through Tyrus: héllo");
        assertThat(client.next().text()).isEqualTo("raw 1: héllo");
        assertThat(client.next().text()).isEqualTo("raw 2: " + "x".repeat(70_000));
        assertThat(client.next().text()).isEqualTo("through Tyrus again");
    }

    @Test
    void framesThatWaitInTheWriteQueueForAClientThatDoesNotReadArriveWholeAndInOrderWhenItDoes() throws Exception {
        WsClient client = WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + host.port() + "/raw"));

        // 200 frames of 64 KiB, far more than the sockets' buffers hold while the client reads nothing
        client.sendText("flood");
        Thread.sleep(500);

        for (int i = 0; i < FLOOD_FRAMES; i++) {
            String text = client.next().text();
            assertThat(text).hasSize(FLOOD_FRAME_BYTES).startsWith("flood " + i + " ");
        }
        String done = client.next().text();
        // some writes could not be finished at once: Grizzly queued them and completed them later
        Matcher later = Pattern.compile("flooded: (\\d+) of " + FLOOD_FRAMES + " writes completed later").matcher(done);
        assertThat(later.matches()).as(done).isTrue();
        assertThat(Integer.parseInt(later.group(1))).isPositive();
    }

    /** Replies to a text with one frame sent by Tyrus, two frames in one raw write, then one more from Tyrus. */
    static final class RawEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            Object writer = session.getUserProperties().get(RawFrameWriter.SESSION_PROPERTY);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (!(writer instanceof RawFrameWriter raw)) {
                    session.getAsyncRemote().sendText("no raw frame writer");
                    return;
                }
                if (text.equals("flood")) {
                    flood(session, raw, 0, new AtomicInteger());
                    return;
                }
                try {
                    session.getBasicRemote().sendText("through Tyrus: " + text);
                    ByteArrayOutputStream frames = new ByteArrayOutputStream();
                    frames.writeBytes(textFrame("raw 1: " + text));
                    frames.writeBytes(textFrame("raw 2: " + "x".repeat(70_000)));
                    raw.write(ByteBuffer.wrap(frames.toByteArray()), error -> session.getAsyncRemote()
                            .sendText(error == null ? "through Tyrus again" : "raw write failed: " + error));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Writes frame {@code i} and, once it is written, the next; counts the writes completed after returning. */
        private static void flood(Session session, RawFrameWriter raw, int i, AtomicInteger later) {
            if (i == FLOOD_FRAMES) {
                session.getAsyncRemote().sendText("flooded: " + later.get() + " of " + FLOOD_FRAMES + " writes completed later");
                return;
            }
            String prefix = "flood " + i + " ";
            byte[] frame = textFrame(prefix + "y".repeat(FLOOD_FRAME_BYTES - prefix.length()));
            AtomicBoolean returned = new AtomicBoolean();
            raw.write(ByteBuffer.wrap(frame), error -> {
                if (error != null) {
                    session.getAsyncRemote().sendText("raw write failed: " + error);
                    return;
                }
                if (returned.get()) {
                    later.incrementAndGet();
                }
                flood(session, raw, i + 1, later);
            });
            returned.set(true);
        }
    }

    /** An unmasked text frame with FIN set, as RFC 6455 frames them. */
    private static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
