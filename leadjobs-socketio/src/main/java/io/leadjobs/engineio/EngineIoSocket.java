package io.leadjobs.engineio;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One Engine.IO connection, whatever its transport. Thread-safe; {@link #send} never blocks.
 */
public interface EngineIoSocket {

    /** The session id. Treat it as a secret: never log it at INFO. */
    String id();

    EngineIoHandshake handshake();

    /** {@code "polling"} or {@code "websocket"}: the transport in use now. */
    String transport();

    boolean isOpen();

    /**
     * Queues a message for the client and returns at once. When the bounded outbound queue is full, a
     * droppable message is discarded (returns false), any other closes the connection with
     * {@link CloseReason#OUTBOUND_OVERFLOW}. Returns false as well when the connection is closed.
     */
    boolean send(OutboundMessage message);

    /**
     * Queues several messages at once, in order, as {@link #send(OutboundMessage)} does each; over WebSocket they
     * can then go out in one write. Returns false when any was not queued.
     */
    boolean send(List<OutboundMessage> messages);

    /** Sets the listener for incoming messages (replaces the previous one). */
    void setMessageListener(MessageListener listener);

    /** Adds a listener that runs once when the connection ends. */
    void onClose(BiConsumer<EngineIoSocket, CloseReason> listener);

    /** Delivers what is queued, then closes the connection. */
    void close();

    /**
     * Messages queued for the client and not yet handed to the transport: how far behind it is. The job-events
     * protocol holds and coalesces updates for a client that falls behind.
     */
    int queuedMessages();
}
