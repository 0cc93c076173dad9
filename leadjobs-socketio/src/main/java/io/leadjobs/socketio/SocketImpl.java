package io.leadjobs.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadjobs.engineio.EngineIoSocket;
import io.leadjobs.engineio.OutboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SocketImpl implements SocketIoSocket {

    private static final Logger LOG = LoggerFactory.getLogger(SocketImpl.class);
    private static final Set<String> RESERVED_OUTBOUND =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final NamespaceImpl namespace;
    private final Client client;
    private final String id;
    private final SocketIoHandshake handshake;
    private final AttributesImpl attributes = new AttributesImpl();
    private final Map<String, List<EventHandler>> handlers = new ConcurrentHashMap<>(4);
    private volatile EventHandler unhandled;
    private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet(2);
    private final AtomicLong nextAckId = new AtomicLong();
    private final Map<Long, PendingAck> pendingAcks = new ConcurrentHashMap<>(2);
    private final AtomicBoolean connected = new AtomicBoolean();
    /** Events that arrived before the connection listeners finished; guarded by itself. */
    private final List<Packet> earlyEvents = new ArrayList<>(0);
    private boolean listenersRan;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DisconnectReason disconnectReason;

    /** At most this many events wait for the connection listeners; a client has no reason to send more. */
    private static final int MAX_EARLY_EVENTS = 64;

    private record PendingAck(String event, CompletableFuture<List<JsonNode>> future, ScheduledFuture<?> timer) {
    }

    SocketImpl(NamespaceImpl namespace, Client client, String id, SocketIoHandshake handshake) {
        this.namespace = namespace;
        this.client = client;
        this.id = id;
        this.handshake = handshake;
    }

    Client client() {
        return client;
    }

    void markConnected() {
        connected.set(true);
    }

    /**
     * Called once the namespace's connection listeners have run: dispatches, in order, the events that arrived
     * before (a client may emit as soon as it reads CONNECT, and with an asynchronous middleware or the
     * long-polling transport its next packet can be handled on another thread while the listeners are still
     * registering their handlers), then lets later events through directly.
     */
    void markListenersRan() {
        while (true) {
            List<Packet> waiting;
            synchronized (earlyEvents) {
                if (earlyEvents.isEmpty()) {
                    listenersRan = true;
                    return;
                }
                waiting = new ArrayList<>(earlyEvents);
                earlyEvents.clear();
            }
            waiting.forEach(this::handleEvent);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Namespace namespace() {
        return namespace;
    }

    @Override
    public SocketIoHandshake handshake() {
        return handshake;
    }

    @Override
    public SocketAttributes attributes() {
        return attributes;
    }

    @Override
    public void on(String event, EventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
    }

    @Override
    public void onUnhandled(EventHandler handler) {
        this.unhandled = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void onDisconnect(DisconnectListener listener) {
        Objects.requireNonNull(listener, "listener");
        disconnectListeners.add(listener);
        if (closed.get() && disconnectListeners.remove(listener)) {
            listener.onDisconnect(this, disconnectReason);
        }
    }

    @Override
    public void emit(String event, Object... args) {
        send(event, args, false);
    }

    @Override
    public Emitter droppable() {
        return (event, args) -> send(event, args, true);
    }

    private void send(String event, Object[] args, boolean droppable) {
        checkEventName(event);
        PacketCodec codec = namespace.server().codec();
        OutboundMessage message = codec.encode(Packet.EVENT, namespace.name(), Packet.NO_ID,
                Optional.of(codec.eventArray(event, args)));
        client.connection().send(droppable ? message.asDroppable() : message);
    }

    @Override
    public boolean send(PreparedEvent event) {
        return !closed.get() && client.connection().send(prepared(event));
    }

    @Override
    public boolean send(List<PreparedEvent> events) {
        List<OutboundMessage> messages = new ArrayList<>(events.size());
        for (PreparedEvent event : events) {
            messages.add(prepared(event));
        }
        return !closed.get() && client.connection().send(messages);
    }

    private OutboundMessage prepared(PreparedEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.namespace() != namespace) {
            throw new IllegalArgumentException("The event '" + event.event() + "' was prepared for namespace "
                    + event.namespace().name() + ", not for this socket's namespace " + namespace.name());
        }
        return event.message();
    }

    static void checkEventName(String event) {
        Objects.requireNonNull(event, "event");
        if (RESERVED_OUTBOUND.contains(event)) {
            throw SocketIoException.invalidArgument("'" + event + "' is a reserved event name and cannot be emitted");
        }
    }

    @Override
    public CompletableFuture<List<JsonNode>> emitWithAck(String event, Duration timeout, Object... args) {
        checkEventName(event);
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<List<JsonNode>> future = new CompletableFuture<>();
        if (closed.get()) {
            future.completeExceptionally(SocketIoException.disconnected(event));
            return future;
        }
        long ackId = nextAckId.getAndIncrement();
        long millis = Math.max(1, timeout.toMillis());
        ScheduledFuture<?> timer = namespace.server().schedule(() -> {
            PendingAck pending = pendingAcks.remove(ackId);
            if (pending != null) {
                pending.future().completeExceptionally(SocketIoException.ackTimeout(event, millis));
            }
        }, millis);
        pendingAcks.put(ackId, new PendingAck(event, future, timer));
        PacketCodec codec = namespace.server().codec();
        client.connection().send(codec.encode(Packet.EVENT, namespace.name(), ackId, Optional.of(codec.eventArray(event, args))));
        if (closed.get()) {
            failPendingAcks();
        }
        return future;
    }

    @Override
    public void join(String room) {
        Objects.requireNonNull(room, "room");
        if (closed.get()) {
            return;
        }
        if (rooms.add(room)) {
            namespace.join(this, room);
        }
        if (closed.get()) {
            leaveAll();
        }
    }

    @Override
    public void leave(String room) {
        Objects.requireNonNull(room, "room");
        if (rooms.remove(room)) {
            namespace.leave(this, room);
        }
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    @Override
    public BroadcastOperator to(String room) {
        return new BroadcastImpl(namespace, Set.of(), Set.of(), false, Optional.of(this)).to(room);
    }

    @Override
    public boolean isConnected() {
        return connected.get() && !closed.get();
    }

    @Override
    public void disconnect() {
        disconnect(false);
    }

    @Override
    public void disconnect(boolean closeConnection) {
        if (!closed.get()) {
            client.connection().send(namespace.server().codec().encode(Packet.DISCONNECT, namespace.name(), Packet.NO_ID,
                    Optional.empty()));
            onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        }
        if (closeConnection) {
            client.connection().close();
        }
    }

    @Override
    public EngineIoSocket connection() {
        return client.connection();
    }

    // ------------------------------------------------------------------ inbound

    void onEvent(Packet packet) {
        synchronized (earlyEvents) {
            if (!listenersRan) {
                if (earlyEvents.size() >= MAX_EARLY_EVENTS) {
                    LOG.warn("Dropped an event that arrived before namespace {} finished admitting its socket: "
                            + "more than {} were waiting", namespace.name(), MAX_EARLY_EVENTS);
                    return;
                }
                earlyEvents.add(packet);
                return;
            }
        }
        handleEvent(packet);
    }

    private void handleEvent(Packet packet) {
        JsonNode data = packet.data().orElseThrow();
        String event = data.get(0).textValue();
        List<JsonNode> args = new ArrayList<>(data.size() - 1);
        for (int i = 1; i < data.size(); i++) {
            args.add(data.get(i));
        }
        Optional<Acknowledgement> ack = packet.hasId() ? Optional.of(new AckImpl(packet.id())) : Optional.empty();
        List<EventHandler> list = handlers.get(event);
        EventHandler fallback = unhandled;
        if (list == null && fallback == null) {
            LOG.debug("No handler for event '{}' in namespace {}", event, namespace.name());
            return;
        }
        Event received = new Event(event, args, ack);
        for (EventHandler handler : list != null ? list : List.of(fallback)) {
            try {
                handler.handle(this, received);
            } catch (RuntimeException e) {
                LOG.warn("The handler for event '{}' in namespace {} failed", event, namespace.name(), e);
            }
        }
    }

    void onAck(Packet packet) {
        PendingAck pending = pendingAcks.remove(packet.id());
        if (pending == null) {
            LOG.debug("Ignored an acknowledgement with an unknown id in namespace {}", namespace.name());
            return;
        }
        if (pending.timer() != null) {
            pending.timer().cancel(false);
        }
        List<JsonNode> args = new ArrayList<>();
        packet.data().orElseThrow().forEach(args::add);
        pending.future().complete(List.copyOf(args));
    }

    void onClose(DisconnectReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        disconnectReason = reason;
        leaveAll();
        namespace.remove(this);
        client.unregister(this);
        failPendingAcks();
        if (!connected.get()) {
            return;
        }
        for (DisconnectListener listener : disconnectListeners) {
            if (disconnectListeners.remove(listener)) {
                try {
                    listener.onDisconnect(this, reason);
                } catch (RuntimeException e) {
                    LOG.warn("A disconnect listener in namespace {} failed", namespace.name(), e);
                }
            }
        }
    }

    private void leaveAll() {
        for (String room : List.copyOf(rooms)) {
            leave(room);
        }
    }

    private void failPendingAcks() {
        for (Long ackId : List.copyOf(pendingAcks.keySet())) {
            PendingAck pending = pendingAcks.remove(ackId);
            if (pending != null) {
                if (pending.timer() != null) {
                    pending.timer().cancel(false);
                }
                pending.future().completeExceptionally(SocketIoException.disconnected(pending.event()));
            }
        }
    }

    @Override
    public String toString() {
        return "Socket[namespace=" + namespace.name() + "]";
    }

    private final class AckImpl implements Acknowledgement {
        private final long ackId;
        private final AtomicBoolean sent = new AtomicBoolean();

        AckImpl(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public void send(Object... args) {
            if (!sent.compareAndSet(false, true) || closed.get()) {
                return;
            }
            PacketCodec codec = namespace.server().codec();
            client.connection().send(codec.encode(Packet.ACK, namespace.name(), ackId, Optional.of(codec.argsArray(args))));
        }

        @Override
        public boolean isSent() {
            return sent.get();
        }
    }
}
