package io.leadjobs.engineio;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One application message for the client: an optional text frame followed by binary frames, queued and
 * delivered together (a Socket.IO packet with its attachments). Immutable and shareable: a broadcast
 * builds one instance and hands it to every recipient, so it is encoded once.
 */
public final class OutboundMessage {

    private final String text;
    private final byte[][] binaries;
    private final boolean droppable;
    private volatile String[] base64Cache;
    private volatile byte[] framesCache;

    private OutboundMessage(String text, byte[][] binaries, boolean droppable) {
        this.text = text;  // already carries the Engine.IO message type prefix
        this.binaries = binaries;
        this.droppable = droppable;
    }

    /** A text message. */
    public static OutboundMessage text(String text) {
        return new OutboundMessage(PacketType.MESSAGE.with(Objects.requireNonNull(text, "text")), new byte[0][], false);
    }

    /** A binary message. */
    public static OutboundMessage binary(byte[] data) {
        return new OutboundMessage(null, new byte[][] {Objects.requireNonNull(data, "data").clone()}, false);
    }

    /** A text message followed by binary messages, delivered in order and never split by other messages. */
    public static OutboundMessage of(String text, List<byte[]> attachments) {
        byte[][] copy = new byte[attachments.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = attachments.get(i).clone();
        }
        return new OutboundMessage(PacketType.MESSAGE.with(Objects.requireNonNull(text, "text")), copy, false);
    }

    /**
     * The same message, marked droppable: when the recipient's outbound queue is full it is discarded
     * instead of closing the connection (progress ticks, not final results).
     */
    public OutboundMessage asDroppable() {
        if (droppable) {
            return this;
        }
        OutboundMessage copy = new OutboundMessage(text, binaries, true);
        copy.base64Cache = base64Cache;
        copy.framesCache = framesCache;
        return copy;
    }

    public boolean isDroppable() {
        return droppable;
    }

    /** Number of frames: the text frame (if any) plus the binary frames. */
    int frameCount() {
        return (text == null ? 0 : 1) + binaries.length;
    }

    boolean hasText() {
        return text != null;
    }

    /** The text frame as an Engine.IO packet ({@code 4} followed by the text). */
    String textFrame() {
        return text;
    }

    int binaryCount() {
        return binaries.length;
    }

    byte[] binaryFrame(int index) {
        return binaries[index];
    }

    /** The base64 form of a binary frame for the polling transport, computed once per message. */
    String base64Frame(int index) {
        String[] cache = base64Cache;
        if (cache == null) {
            cache = new String[binaries.length];
            for (int i = 0; i < binaries.length; i++) {
                cache[i] = Base64.getEncoder().encodeToString(binaries[i]);
            }
            base64Cache = cache;
        }
        return cache[index];
    }

    /**
     * The message as WebSocket frames, ready to be written ({@link RawFrameWriter}): the text frame, then the
     * binary frames. Encoded once per message, however many connections it is written to; never modified.
     */
    byte[] webSocketFrames() {
        byte[] frames = framesCache;
        if (frames == null) {
            byte[][] parts = new byte[frameCount()][];
            int k = 0;
            int size = 0;
            if (text != null) {
                parts[k] = WsFrames.text(text);
                size += parts[k++].length;
            }
            for (byte[] binary : binaries) {
                parts[k] = WsFrames.binary(binary);
                size += parts[k++].length;
            }
            frames = parts.length == 1 ? parts[0] : new byte[size];
            if (parts.length != 1) {
                int at = 0;
                for (byte[] part : parts) {
                    System.arraycopy(part, 0, frames, at, part.length);
                    at += part.length;
                }
            }
            framesCache = frames;
        }
        return frames;
    }

    @Override
    public String toString() {
        return "OutboundMessage[text=" + (text == null ? "none" : text.length() + " chars")
                + ", binaries=" + Arrays.stream(binaries).mapToInt(b -> b.length).boxed().toList()
                + ", droppable=" + droppable + "]";
    }
}
