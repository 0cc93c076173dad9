package io.leadjobs.server.web;

import io.leadjobs.engineio.RawFrameWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Writes ready-made WebSocket frames to one upgraded Grizzly connection through the same {@link Writer} that Tyrus
 * writes its own frames with, so the two never interleave within a frame. The upgrade filter makes one per
 * connection and offers it, through {@link #OPENING}, to the endpoint whose {@code onOpen} runs while Tyrus
 * creates the connection, on the same thread.
 */
final class GrizzlyFrameWriter implements RawFrameWriter {

    /** The writer of the connection being opened on this thread; set only around Tyrus's {@code createConnection}. */
    static final ThreadLocal<GrizzlyFrameWriter> OPENING = new ThreadLocal<>();

    private final Writer writer;

    GrizzlyFrameWriter(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(ByteBuffer frames, Consumer<Throwable> done) {
        writer.write(frames, new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                done.accept(null);
            }

            @Override
            public void failed(Throwable error) {
                done.accept(error);
            }

            @Override
            public void cancelled() {
                done.accept(new CancellationException("The write was cancelled"));
            }
        });
    }
}
