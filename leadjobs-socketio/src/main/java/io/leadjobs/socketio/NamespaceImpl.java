package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.engineio.OutboundMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class NamespaceImpl implements Namespace {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceImpl.class);

    private final SocketIoServerImpl server;
    private final String name;
    private final List<AsyncConnectionMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<SocketImpl>> rooms = new ConcurrentHashMap<>();

    NamespaceImpl(SocketIoServerImpl server, String name) {
        this.server = server;
        this.name = name;
    }

    SocketIoServerImpl server() {
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Namespace use(ConnectionMiddleware middleware) {
        Objects.requireNonNull(middleware, "middleware");
        middlewares.add(socket -> CompletableFuture.completedFuture(middleware.admit(socket)));
        return this;
    }

    @Override
    public Namespace useAsync(AsyncConnectionMiddleware middleware) {
        middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    @Override
    public Namespace onConnection(Consumer<SocketIoSocket> listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Runs the middleware chain for a CONNECT packet, then admits or refuses the socket. */
    void connect(Client client, ObjectNode auth) {
        SocketImpl socket = new SocketImpl(this, client, server.newSocketId(),
                new SocketIoHandshake(client.connection().handshake(), auth));
        runMiddlewares(socket, 0).whenComplete((admission, error) -> {
            if (error != null) {
                LOG.warn("A connection middleware of namespace {} failed; refusing the socket", name, error);
                admission = Admission.refuse("Internal server error");
            }
            if (admission.accepted()) {
                admit(socket);
            } else {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", admission.message().orElseThrow());
                admission.data().ifPresent(d -> body.set("data", server.codec().toTree(d)));
                client.send(Packet.CONNECT_ERROR, name, body);
            }
        });
    }

    private CompletionStage<Admission> runMiddlewares(SocketImpl socket, int index) {
        if (index >= middlewares.size()) {
            return CompletableFuture.completedFuture(Admission.accept());
        }
        CompletionStage<Admission> stage;
        try {
            stage = Objects.requireNonNull(middlewares.get(index).admit(socket), "a middleware returned null");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return stage.thenCompose(admission -> admission.accepted()
                ? runMiddlewares(socket, index + 1) : CompletableFuture.completedFuture(admission));
    }

    private void admit(SocketImpl socket) {
        if (!socket.client().register(socket)) {
            return;
        }
        sockets.put(socket.id(), socket);
        socket.client().send(Packet.CONNECT, name, JsonNodeFactory.instance.objectNode().put("sid", socket.id()));
        socket.markConnected();
        for (Consumer<SocketIoSocket> listener : connectionListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException e) {
                LOG.warn("A connection listener of namespace {} failed", name, e);
            }
        }
        socket.markListenersRan();
    }

    void remove(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
    }

    void join(SocketImpl socket, String room) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void leave(SocketImpl socket, String room) {
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }

    /** Members of a room; a socket id counts as a room holding that socket. */
    Collection<SocketImpl> members(String room) {
        Set<SocketImpl> members = rooms.get(room);
        if (members != null) {
            return members;
        }
        SocketImpl single = sockets.get(room);
        return single == null ? List.of() : List.of(single);
    }

    Collection<SocketImpl> allSockets() {
        return sockets.values();
    }

    void deliver(OutboundMessage message, SocketImpl recipient) {
        recipient.client().connection().send(message);
    }

    @Override
    public BroadcastOperator to(String room) {
        return new BroadcastImpl(this, Set.of(), Set.of(), false, Optional.empty()).to(room);
    }

    @Override
    public BroadcastOperator except(String room) {
        return new BroadcastImpl(this, Set.of(), Set.of(), false, Optional.empty()).except(room);
    }

    @Override
    public BroadcastOperator droppable() {
        return new BroadcastImpl(this, Set.of(), Set.of(), true, Optional.empty());
    }

    @Override
    public void emit(String event, Object... args) {
        new BroadcastImpl(this, Set.of(), Set.of(), false, Optional.empty()).emit(event, args);
    }

    @Override
    public PreparedEvent prepare(String event, Object... args) {
        SocketImpl.checkEventName(event);
        PacketCodec codec = server.codec();
        return new PreparedEvent(this, event, codec.encode(Packet.EVENT, name, Packet.NO_ID,
                Optional.of(codec.eventArray(event, args))));
    }

    @Override
    public Collection<SocketIoSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    @Override
    public Optional<SocketIoSocket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    @Override
    public int roomSize(String room) {
        Set<SocketImpl> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
