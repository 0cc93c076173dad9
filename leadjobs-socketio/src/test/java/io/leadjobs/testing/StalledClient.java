package io.leadjobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Socket.IO client on a bare TCP socket with a tiny receive buffer, so that the test decides when it reads:
 * it connects, authenticates and subscribes like any client, then stops reading. It answers the server's pings
 * whenever it reads.
 */
public final class StalledClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();

    /** Opens a WebSocket to {@code /socket.io/} on the loopback port; the Engine.IO open packet is the first to read. */
    public StalledClient(int port) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        random.nextBytes(key);
        String request = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String headers = readHeaders();
        if (!headers.startsWith("HTTP/1.1 101")) {
            throw new IOException("WebSocket upgrade refused: " + headers.lines().findFirst().orElse(""));
        }
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed during the upgrade");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    /** Sends one Socket.IO packet as a masked text frame. */
    public void send(String packet) throws IOException {
        byte[] payload = packet.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
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

    /** Reads text frames until one starts with {@code prefix}; answers pings on the way. */
    public String readUntil(String prefix) throws IOException {
        while (true) {
            String text = readFrame();
            if (text == null) {
                throw new EOFException("Closed before a message starting with " + prefix);
            }
            if (text.startsWith(prefix)) {
                return text;
            }
        }
    }

    /** The next text message; an {@link EOFException} when the server closed the connection. */
    public String readText() throws IOException {
        String text = readFrame();
        if (text == null) {
            throw new EOFException("The server closed the connection");
        }
        return text;
    }

    /** Reads everything until the server closes the connection; returns the text messages received. */
    public List<String> readToEnd() throws IOException {
        List<String> messages = new ArrayList<>();
        try {
            String text;
            while ((text = readFrame()) != null) {
                messages.add(text);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("The server did not close the connection; read " + messages.size() + " messages", e);
        } catch (IOException e) {
            // a reset counts as closed
        }
        return messages;
    }

    /** The next text frame, or null at a close frame or end of stream. */
    private String readFrame() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                return null;
            }
            int opcode = b0 & 0x0F;
            if (opcode == 0x8) {
                return null;
            }
            if (opcode == 0x1) {
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.equals("2")) {
                    send("3");
                    continue;
                }
                return text;
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
