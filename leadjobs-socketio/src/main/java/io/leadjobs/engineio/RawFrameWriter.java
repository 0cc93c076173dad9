package io.leadjobs.engineio;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A container's way to write WebSocket frames as bytes, framed beforehand. A message sent to many connections
 * is then encoded to UTF-8 and framed once for all of them ({@link OutboundMessage} keeps its frame), and the
 * frames queued for one connection go out in one write. The Jakarta WebSocket API has no such call, so a host
 * whose container allows it puts a writer for each connection into that connection's
 * {@link jakarta.websocket.Session#getUserProperties() user properties} under {@link #SESSION_PROPERTY} before the
 * Engine.IO endpoint's {@code onOpen} runs (the reference server does, for Tyrus on Grizzly); without one, frames
 * are sent through {@code RemoteEndpoint.Async} one at a time. It is used only when no extension (such as
 * compression) was negotiated, since frames are written unmasked, uncompressed, with FIN set.
 */
public interface RawFrameWriter {

    /** The user property under which a host puts a connection's writer. */
    String SESSION_PROPERTY = "io.leadjobs.engineio.RawFrameWriter";

    /**
     * Writes {@code frames} (one or more complete frames) to the connection, after anything written before, and
     * calls {@code done} once, with null when they were written or with the failure. Never blocks; the caller
     * writes again only after {@code done}.
     */
    void write(ByteBuffer frames, Consumer<Throwable> done);
}
