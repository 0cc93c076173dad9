package io.leadjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain socket bound to a chosen local address (127.0.0.2 and so on), which the JDK's
 * client cannot do: it sends the Engine.IO upgrade request and reads the server's first frame.
 */
public final class LoopbackWebSocket implements AutoCloseable {

    /** The server's first answer: the Engine.IO open packet, a close frame's code, or a refused handshake's status. */
    public record First(String text, int closeCode, int httpStatus) {
        /** Whether the server opened an Engine.IO session. */
        public boolean opened() {
            return text != null && text.startsWith("0{");
        }
    }

    /**
     * The WebSockets of a {@link #burst}, all held open until closed, and how many of them the server opened and
     * how many it refused.
     */
    public record Burst(List<LoopbackWebSocket> sockets, int opened, int refused) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            for (LoopbackWebSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private final Socket socket;
    private final First first;

    private LoopbackWebSocket(Socket socket, First first) {
        this.socket = socket;
        this.first = first;
    }

    /** The server's first answer. */
    public First first() {
        return first;
    }

    /** Connects from {@code local} to the Engine.IO WebSocket endpoint at {@code port}, with extra headers. */
    public static LoopbackWebSocket connect(String local, int port, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(20_000);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            StringBuilder request = new StringBuilder()
                    .append("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = line(in);
            int code = Integer.parseInt(status.split(" ")[1]);
            while (!line(in).isEmpty()) {
                // the rest of the response head
            }
            if (code != 101) {
                return new LoopbackWebSocket(socket, new First(null, -1, code));
            }
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (opcode == 8) {
                int close = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                return new LoopbackWebSocket(socket, new First(null, close, 101));
            }
            return new LoopbackWebSocket(socket, new First(new String(payload, StandardCharsets.UTF_8), -1, 101));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens {@code count} WebSockets from {@code local} one after another and holds them open, counting those the
     * server opened and those it refused as {@code refusal} says (a 429 status, a 1008 close ...).
     */
    public static Burst burst(String local, int port, int count, Predicate<First> refusal) throws IOException {
        List<LoopbackWebSocket> sockets = new ArrayList<>();
        int opened = 0;
        int refused = 0;
        try {
            for (int i = 0; i < count; i++) {
                LoopbackWebSocket socket = connect(local, port, Map.of());
                sockets.add(socket);
                if (socket.first().opened()) {
                    opened++;
                } else if (refusal.test(socket.first())) {
                    refused++;
                }
            }
        } catch (IOException | RuntimeException e) {
            new Burst(sockets, opened, refused).close();
            throw e;
        }
        return new Burst(sockets, opened, refused);
    }

    /**
     * Checks that a server limits WebSocket handshakes per client address: of {@code count} WebSockets opened from
     * 127.0.0.1 and held, at least {@code burst} open and the rest are refused with 429, and one from 127.0.0.2
     * still opens after them.
     */
    public static void assertLimitedPerAddress(int port, int count, int burst) throws IOException {
        try (Burst first = burst("127.0.0.1", port, count, reply -> reply.httpStatus() == 429);
             LoopbackWebSocket other = connect("127.0.0.2", port, Map.of())) {
            assertThat(first.opened()).as("opened from 127.0.0.1").isGreaterThanOrEqualTo(burst);
            assertThat(first.refused()).as("refused from 127.0.0.1").isPositive();
            assertThat(first.opened() + first.refused()).as("opened or refused with 429").isEqualTo(count);
            assertThat(other.first().opened()).as("127.0.0.2's first frame %s", other.first()).isTrue();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
