package io.leadjobs.engineio;

import java.nio.charset.StandardCharsets;

/** Server-to-client WebSocket frames (RFC 6455, section 5.2): unmasked, unfragmented, FIN set. */
final class WsFrames {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;

    private WsFrames() {
    }

    /** A text frame holding {@code text} as UTF-8. */
    static byte[] text(String text) {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary frame holding {@code data}. */
    static byte[] binary(byte[] data) {
        return frame(BINARY, data);
    }

    private static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            long len = n;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, n);
        return frame;
    }
}
