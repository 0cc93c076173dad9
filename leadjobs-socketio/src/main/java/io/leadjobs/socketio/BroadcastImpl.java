package io.leadjobs.socketio;

import io.leadjobs.engineio.OutboundMessage;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** An immutable recipient selection; each emit encodes its packet once and queues that one message for all. */
final class BroadcastImpl implements BroadcastOperator {

    private final NamespaceImpl namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean droppable;
    private final Optional<SocketImpl> excluded;

    BroadcastImpl(NamespaceImpl namespace, Set<String> rooms, Set<String> except, boolean droppable,
            Optional<SocketImpl> excluded) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.droppable = droppable;
        this.excluded = excluded;
    }

    @Override
    public BroadcastOperator to(String room) {
        Objects.requireNonNull(room, "room");
        Set<String> more = new HashSet<>(rooms);
        more.add(room);
        return new BroadcastImpl(namespace, Set.copyOf(more), except, droppable, excluded);
    }

    @Override
    public BroadcastOperator except(String room) {
        Objects.requireNonNull(room, "room");
        Set<String> more = new HashSet<>(except);
        more.add(room);
        return new BroadcastImpl(namespace, rooms, Set.copyOf(more), droppable, excluded);
    }

    @Override
    public BroadcastOperator droppable() {
        return new BroadcastImpl(namespace, rooms, except, true, excluded);
    }

    @Override
    public void emit(String event, Object... args) {
        SocketImpl.checkEventName(event);
        PacketCodec codec = namespace.server().codec();
        OutboundMessage message = codec.encode(Packet.EVENT, namespace.name(), Packet.NO_ID,
                Optional.of(codec.eventArray(event, args)));
        if (droppable) {
            message = message.asDroppable();
        }
        for (SocketImpl recipient : recipients()) {
            namespace.deliver(message, recipient);
        }
    }

    private Collection<SocketImpl> recipients() {
        Collection<SocketImpl> selected;
        if (rooms.isEmpty()) {
            selected = namespace.allSockets();
        } else if (rooms.size() == 1) {
            selected = namespace.members(rooms.iterator().next());
        } else {
            Set<SocketImpl> union = new HashSet<>();
            for (String room : rooms) {
                union.addAll(namespace.members(room));
            }
            selected = union;
        }
        if (except.isEmpty() && excluded.isEmpty()) {
            return selected;
        }
        Set<SocketImpl> skip = new HashSet<>();
        excluded.ifPresent(skip::add);
        for (String room : except) {
            skip.addAll(namespace.members(room));
        }
        return selected.stream().filter(s -> !skip.contains(s)).toList();
    }
}
