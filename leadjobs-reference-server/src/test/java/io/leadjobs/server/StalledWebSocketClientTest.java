package io.leadjobs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading while a job streams an update for every batch, on the reference server
 * (whose frame writer hands ready-made frames straight to Grizzly's write queue): what waited for it reaches it as
 * whole frames, in order, ending with {@code complete}, once it reads again; meanwhile a client that reads gets
 * every update without waiting for it. (That the write queue itself gives back frames whole and in order when the
 * kernel's buffers are full is {@code RawFramesTest}'s.)
 */
class StalledWebSocketClientTest {

    private static final int LEADS = 20_000;
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Test
    void framesThatWaitedForAStalledClientReachItWholeAndInOrderWhileAReaderGetsEverything() throws Exception {
        GateEnricher gate = new GateEnricher();
        // every batch reported on its own: about 1,600 updates, far more than the socket buffers hold
        try (RunningServer server = RunningServer.start(Map.of("LEADJOBS_UPDATE_INTERVAL", "0ms"),
                s -> SocketIoEndToEndTest.withGate(gate))) {
            String jobId = server.submitCsv("alice", SocketIoEndToEndTest.csv(LEADS));
            SocketClient reader = SocketClient.connect(server.url(), "websocket", server.token("alice"));
            try (RawClient stalled = new RawClient(URI.create(server.url()).getPort(), server.token("alice"))) {
                reader.await("connect");
                assertThat(reader.emitWithAck("subscribe-job", jobId).getBoolean("ok")).isTrue();
                long readerStatusSeq = reader.await("job-status").json().getLong("seq");
                stalled.subscribe(jobId);

                gate.open();
                JSONObject complete = reader.await("job-update", u -> u.string("type").equals("complete")).json();
                assertThat(complete.getJSONObject("results").getInt("processed_leads")).isEqualTo(LEADS);
                List<Long> seqs = new ArrayList<>();
                for (SocketClient.Received update : reader.all("job-update")) {
                    seqs.add(update.json().getLong("seq"));
                }
                assertThat(seqs).hasSizeGreaterThan(800).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(readerStatusSeq + 1, readerStatusSeq + seqs.size())
                                .boxed().toList());

                // the stalled client reads again: whole frames, seqs rising, up to the complete update
                List<Long> stalledSeqs = new ArrayList<>();
                String text;
                do {
                    text = stalled.readText();
                    if (text.startsWith("42[\"job-update\"")) {
                        Matcher seq = SEQ.matcher(text);
                        assertThat(seq.find()).as(text).isTrue();
                        stalledSeqs.add(Long.parseLong(seq.group(1)));
                    }
                } while (!(text.startsWith("42[\"job-update\"") && text.contains("\"type\":\"complete\"")));
                assertThat(stalledSeqs).isSorted().doesNotHaveDuplicates();
                assertThat(stalledSeqs.get(stalledSeqs.size() - 1)).isEqualTo(seqs.get(seqs.size() - 1));
            } finally {
                reader.close();
            }
        }
    }

    /**
     * Socket.IO over a bare WebSocket on a TCP socket with a small receive buffer, so that the test decides when
     * it reads. It answers the server's pings whenever it reads.
     */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private final SecureRandom random = new SecureRandom();

        RawClient(int port, String token) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String headers = readHeaders();
            assertThat(headers).startsWith("HTTP/1.1 101");
            assertThat(readText()).startsWith("0{"); // the Engine.IO open packet
            send("40" + new JSONObject(Map.of("token", token)));
            assertThat(readUntil("40")).startsWith("40{");
        }

        void subscribe(String jobId) throws IOException {
            send("42[\"subscribe-job\",\"" + jobId + "\"]");
            readUntil("42[\"job-status\"");
        }

        private String readUntil(String prefix) throws IOException {
            String text;
            do {
                text = readText();
            } while (!text.startsWith(prefix));
            return text;
        }

        /** The next text message, after answering any Engine.IO ping before it. */
        String readText() throws IOException {
            while (true) {
                int b0 = readByte();
                int b1 = readByte();
                assertThat(b0 & 0x80).as("FIN set (whole frames only)").isNotZero();
                assertThat(b1 & 0x80).as("server frames are not masked").isZero();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (readByte() << 8) | readByte();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length) {
                    throw new EOFException("The connection ended inside a frame");
                }
                int opcode = b0 & 0x0f;
                assertThat(opcode).as("a text frame").isEqualTo(1);
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.equals("2")) {
                    send("3");
                    continue;
                }
                return text;
            }
        }

        private void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        private String readHeaders() throws IOException {
            StringBuilder headers = new StringBuilder();
            while (!headers.toString().endsWith("\r\n\r\n")) {
                headers.append((char) readByte());
            }
            return headers.toString();
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("The server closed the connection");
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
