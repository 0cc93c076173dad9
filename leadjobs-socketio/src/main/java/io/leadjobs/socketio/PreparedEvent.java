package io.leadjobs.socketio;

import io.leadjobs.engineio.OutboundMessage;

/**
 * An event encoded once for one namespace ({@link Namespace#prepare}), then sent as it is to any number of that
 * namespace's sockets ({@link SocketIoSocket#send}): a host that keeps its own selection of recipients (the
 * watchers of a job, say) serializes the payload once instead of once per recipient. Immutable and thread-safe.
 */
public final class PreparedEvent {

    private final NamespaceImpl namespace;
    private final String event;
    private final OutboundMessage message;

    PreparedEvent(NamespaceImpl namespace, String event, OutboundMessage message) {
        this.namespace = namespace;
        this.event = event;
        this.message = message;
    }

    /** The event name. */
    public String event() {
        return event;
    }

    /** The namespace it was encoded for; only that namespace's sockets can send it. */
    public Namespace namespace() {
        return namespace;
    }

    /**
     * The same event marked droppable: a recipient whose outbound queue is full discards it instead of being
     * disconnected (see {@link BroadcastOperator#droppable()}).
     */
    public PreparedEvent droppable() {
        return message.isDroppable() ? this : new PreparedEvent(namespace, event, message.asDroppable());
    }

    public boolean isDroppable() {
        return message.isDroppable();
    }

    OutboundMessage message() {
        return message;
    }

    @Override
    public String toString() {
        return "PreparedEvent[" + event + " for namespace " + namespace.name() + ", " + message + "]";
    }
}
