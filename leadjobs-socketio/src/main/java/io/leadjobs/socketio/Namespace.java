package io.leadjobs.socketio;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/** A Socket.IO namespace ({@code "/"} or e.g. {@code "/admin"}): its middleware, its sockets, its rooms. */
public interface Namespace extends Emitter {

    String name();

    /** Adds a middleware; middlewares run in the order added and the first refusal wins. */
    Namespace use(ConnectionMiddleware middleware);

    /** Adds an asynchronous middleware (same chain as {@link #use(ConnectionMiddleware)}). */
    Namespace useAsync(AsyncConnectionMiddleware middleware);

    /** Adds a listener for sockets that passed the middleware; register event handlers in it. */
    Namespace onConnection(Consumer<SocketIoSocket> listener);

    /** The sockets of a room (union when chained with {@link BroadcastOperator#to}). */
    BroadcastOperator to(String room);

    /** Every socket of the namespace except those in the room. */
    BroadcastOperator except(String room);

    /** Every socket of the namespace, packets marked droppable. */
    BroadcastOperator droppable();

    /** Emits to every socket of the namespace. */
    @Override
    void emit(String event, Object... args);

    /**
     * Encodes an event once for this namespace, to be sent to any of its sockets with {@link SocketIoSocket#send}.
     * Arguments as for {@link #emit}.
     *
     * @throws SocketIoException when the event name is reserved or an argument cannot be serialized
     */
    PreparedEvent prepare(String event, Object... args);

    Collection<SocketIoSocket> sockets();

    Optional<SocketIoSocket> socket(String id);

    /** How many sockets are in a room now. */
    int roomSize(String room);
}
