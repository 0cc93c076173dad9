package io.leadjobs.server.web;

import io.leadjobs.engineio.RawFrameWriter;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;

/**
 * Writes ready-made WebSocket frames to one upgraded Grizzly connection, straight into the transport's
 * asynchronous write queue: the queue that Tyrus's own frames (close, pong) also end in once they have passed
 * the filter chain, so the two never interleave within a frame. Skipping the chain (and Tyrus's per-writer task
 * queue) is safe because on an upgraded connection it has nothing left to do with bytes: the HTTP codec passes
 * them on, the idle timeout is switched off at the upgrade, and the server has no TLS filter (one added later would
 * have to see these bytes too). The two took about a quarter of a delivery's CPU. The upgrade filter makes one per
 * connection and offers it, through {@link #OPENING}, to the endpoint whose {@code onOpen} runs while Tyrus
 * creates the connection, on the same thread.
 */
final class GrizzlyFrameWriter implements RawFrameWriter {

    /** The writer of the connection being opened on this thread; set only around Tyrus's {@code createConnection}. */
    static final ThreadLocal<GrizzlyFrameWriter> OPENING = new ThreadLocal<>();

    private final Connection<SocketAddress> connection;
    private final AsyncQueueWriter<SocketAddress> queue;
    private final MemoryManager<?> memory;

    @SuppressWarnings("unchecked")
    GrizzlyFrameWriter(Connection<?> connection) {
        TCPNIOTransport transport = (TCPNIOTransport) connection.getTransport();
        this.connection = (Connection<SocketAddress>) connection;
        this.queue = transport.getAsyncQueueIO().getWriter();
        this.memory = transport.getMemoryManager();
    }

    @Override
    public void write(ByteBuffer frames, Consumer<Throwable> done) {
        queue.write(connection, Buffers.wrap(memory, frames), new Completion(done));
    }

    private static final class Completion implements CompletionHandler<WriteResult<WritableMessage, SocketAddress>> {
        private final Consumer<Throwable> done;

        Completion(Consumer<Throwable> done) {
            this.done = done;
        }

        @Override
        public void completed(WriteResult<WritableMessage, SocketAddress> result) {
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

        @Override
        public void updated(WriteResult<WritableMessage, SocketAddress> result) {
        }
    }
}
