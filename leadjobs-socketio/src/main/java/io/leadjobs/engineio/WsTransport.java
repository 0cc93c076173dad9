package io.leadjobs.engineio;

import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of a session: pumps the queue to the socket one write at a time (a container allows one
 * outstanding asynchronous send per socket). Its state is guarded by the session's lock.
 */
final class WsTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(WsTransport.class);

    /** Frames gathered into one write stop growing past this size. */
    static final int MAX_GATHERED_BYTES = 64 * 1024;

    private static final Runnable NOTHING = () -> { };

    private final EngineIoSession session;
    private final Object lock;
    private final OutboundQueue queue;

    // guarded by lock
    private WsChannel channel;
    private boolean writing;
    private OutboundMessage current;
    private int frameIndex;

    WsTransport(EngineIoSession session, Object lock, OutboundQueue queue) {
        this.session = session;
        this.lock = lock;
        this.queue = queue;
    }

    /** Gives the transport its socket; the caller holds the session's lock. */
    void attach(WsChannel socket) {
        this.channel = socket;
    }

    /** Whether {@code socket} is this transport's; the caller holds the session's lock. */
    boolean carries(WsChannel socket) {
        return socket != null && socket == channel;
    }

    @Override
    public String name() {
        return WEBSOCKET;
    }

    @Override
    public boolean connected() {
        return channel != null;
    }

    @Override
    public Runnable detach(CloseReason reason) {
        WsChannel socket = channel;
        channel = null;
        if (socket == null) {
            return NOTHING;
        }
        return () -> socket.close(
                reason == CloseReason.PARSE_ERROR ? CloseCodes.PROTOCOL_ERROR : CloseCodes.NORMAL_CLOSURE, reason.text());
    }

    /**
     * Sends what is queued, one write at a time: with a {@link RawFrameWriter}, everything queued goes out in one
     * write of frames encoded once per message; otherwise one frame per send.
     */
    @Override
    public void flush() {
        while (true) {
            WsChannel socket;
            Object frame;
            synchronized (lock) {
                if (writing || channel == null) {
                    return;
                }
                socket = channel;
                if (socket.writesFrames() && current == null && queue.peek() != OutboundQueue.CLOSE) {
                    frame = gatherFrames();
                } else {
                    frame = nextFrame();
                }
                if (frame == null) {
                    return;
                }
                if (frame == OutboundQueue.CLOSE) {
                    channel = null;
                    queue.clear();
                } else {
                    writing = true;
                }
            }
            if (frame == OutboundQueue.CLOSE) {
                socket.close();
                session.terminate(CloseReason.FORCED_CLOSE);
                return;
            }
            // 1: the write completed on this thread, which goes on; 2: it is pending, its completion goes on
            AtomicInteger handoff = new AtomicInteger();
            Consumer<Throwable> done = error -> {
                synchronized (lock) {
                    writing = false;
                }
                if (error != null) {
                    LOG.debug("A WebSocket send failed", error);
                    session.terminate(CloseReason.TRANSPORT_ERROR);
                    return;
                }
                if (!handoff.compareAndSet(0, 1)) {
                    flush();
                }
            };
            if (frame instanceof ByteBuffer frames) {
                socket.writeFrames(frames, done);
            } else {
                socket.send(frame, done);
            }
            if (handoff.compareAndSet(0, 2)) {
                return;
            }
        }
    }

    /**
     * Everything queued up to the close marker (or about {@value #MAX_GATHERED_BYTES} bytes) as WebSocket frames in
     * one buffer; null when nothing is queued. A lone message's frames are its own shared bytes, not a copy.
     */
    private ByteBuffer gatherFrames() {
        byte[] first = null;
        List<byte[]> more = null;
        int size = 0;
        while (!queue.isEmpty() && queue.peek() != OutboundQueue.CLOSE && size < MAX_GATHERED_BYTES) {
            Object item = queue.poll();
            byte[] frames = item instanceof String control ? WsFrames.text(control)
                    : ((OutboundMessage) item).webSocketFrames();
            if (first == null) {
                first = frames;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                }
                more.add(frames);
            }
            size += frames.length;
        }
        if (first == null) {
            return null;
        }
        if (more == null) {
            return ByteBuffer.wrap(first);
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        all.put(first);
        more.forEach(all::put);
        return all.flip();
    }

    /** The next WebSocket frame: a String (text) or byte[] (binary), the close marker, or null when idle. */
    private Object nextFrame() {
        if (current == null) {
            Object item = queue.poll();
            if (item == null || item == OutboundQueue.CLOSE || item instanceof String) {
                return item;
            }
            current = (OutboundMessage) item;
            frameIndex = 0;
        }
        OutboundMessage message = current;
        int index = frameIndex++;
        if (frameIndex >= message.frameCount()) {
            current = null;
        }
        if (message.hasText()) {
            return index == 0 ? message.textFrame() : message.binaryFrame(index - 1);
        }
        return message.binaryFrame(index);
    }
}
