package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.engineio.EngineIoSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One client connected to one namespace. Thread-safe; emits never block (they queue on the connection's
 * bounded outbound queue).
 */
public interface SocketIoSocket extends Emitter {

    /** The socket id (sent to the client in the CONNECT packet); distinct from the Engine.IO session id. */
    String id();

    Namespace namespace();

    SocketIoHandshake handshake();

    /** Application storage for this socket. */
    SocketAttributes attributes();

    /** Adds a handler for an event sent by the client; several handlers for one event run in order. */
    void on(String event, EventHandler handler);

    /**
     * Sets the handler for events that no {@link #on} handler takes (it replaces the one set before).
     * Without one, such events are ignored.
     */
    void onUnhandled(EventHandler handler);

    /** Adds a listener that runs once when this socket disconnects (also when it already has). */
    void onDisconnect(DisconnectListener listener);

    /**
     * Emits an event and waits for the client's acknowledgement: the future completes with the
     * acknowledgement's arguments, or exceptionally with a {@link SocketIoException} on timeout or disconnect.
     */
    CompletableFuture<List<JsonNode>> emitWithAck(String event, Duration timeout, Object... args);

    /**
     * Queues an event encoded beforehand by this socket's namespace ({@link Namespace#prepare}), as it is: no
     * serialization per recipient. Returns false when the socket is disconnected or a droppable event was
     * discarded because the outbound queue is full.
     *
     * @throws IllegalArgumentException when the event was prepared by another namespace
     */
    boolean send(PreparedEvent event);

    /**
     * Queues several prepared events at once, in order (over WebSocket they can then go out in one write). Returns
     * false when the socket is disconnected or any was discarded.
     *
     * @throws IllegalArgumentException when an event was prepared by another namespace
     */
    boolean send(List<PreparedEvent> events);

    /** Emits to this socket with packets marked droppable (see {@link BroadcastOperator#droppable()}). */
    Emitter droppable();

    /** Joins a room of this socket's namespace. */
    void join(String room);

    void leave(String room);

    /** The rooms this socket is in now. */
    Set<String> rooms();

    /** Every other socket of the namespace in this room (this socket excluded). */
    BroadcastOperator to(String room);

    /** Whether the socket is still connected to its namespace. */
    boolean isConnected();

    /** Sends a DISCONNECT packet for this namespace; the underlying connection stays open for other namespaces. */
    void disconnect();

    /**
     * Like {@link #disconnect()}; with {@code closeConnection} the underlying connection is closed too
     * (the client then does not reconnect on its own).
     */
    void disconnect(boolean closeConnection);

    /** The Engine.IO connection carrying this socket (shared by the client's namespaces). */
    EngineIoSocket connection();
}
