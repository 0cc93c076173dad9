package io.leadjobs.engineio;

import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as the Engine.IO session sees it: asynchronous sends (through the host's
 * {@link RawFrameWriter} when it gave one, else {@code RemoteEndpoint.Async}), a close off the caller's thread.
 */
final class WsChannel {

    private static final Logger LOG = LoggerFactory.getLogger(WsChannel.class);

    private final Session session;
    private final EngineIoServerImpl server;
    private final RawFrameWriter raw;
    private final AtomicBoolean closing = new AtomicBoolean();

    WsChannel(Session session, EngineIoServerImpl server) {
        this.session = session;
        this.server = server;
        this.raw = session.getNegotiatedExtensions().isEmpty()
                && session.getUserProperties().get(RawFrameWriter.SESSION_PROPERTY) instanceof RawFrameWriter w ? w : null;
    }

    /** Whether frames can be written as bytes ({@link #writeFrames}), several at once. */
    boolean writesFrames() {
        return raw != null;
    }

    /** Writes complete frames as they are; only when {@link #writesFrames()}. */
    void writeFrames(ByteBuffer frames, Consumer<Throwable> done) {
        try {
            raw.write(frames, done);
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    /** Sends a text (String) or binary (byte[]) frame; {@code done} gets null on success or the failure. */
    void send(Object frame, Consumer<Throwable> done) {
        try {
            if (frame instanceof String text) {
                session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : failure(result.getException())));
            } else {
                session.getAsyncRemote().sendBinary(ByteBuffer.wrap((byte[]) frame),
                        result -> done.accept(result.isOK() ? null : failure(result.getException())));
            }
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    /** Sends a text frame whose outcome does not matter beyond logging (probe answers, refusals). */
    void sendQuietly(String text) {
        send(text, error -> {
            if (error != null) {
                LOG.debug("Could not send a control frame", error);
            }
        });
    }

    /** Closes once: the first close code chosen wins over later ones (e.g. 1009 over a generic 1000). */
    void close(CloseCode code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        server.runCloser(() -> {
            try {
                if (session.isOpen()) {
                    session.close(new jakarta.websocket.CloseReason(code, truncate(reason)));
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing a WebSocket failed", e);
            }
        });
    }

    void close() {
        close(CloseCodes.NORMAL_CLOSURE, "");
    }

    private static Throwable failure(Throwable t) {
        return t == null ? new IOException("WebSocket send failed") : t;
    }

    /** A close reason must fit in 123 bytes of UTF-8. */
    private static String truncate(String reason) {
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }
}
