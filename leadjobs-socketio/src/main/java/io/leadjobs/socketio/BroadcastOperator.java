package io.leadjobs.socketio;

/**
 * An immutable selection of recipients in one namespace. A packet emitted through it is encoded once and
 * the same bytes are queued for every recipient.
 */
public interface BroadcastOperator extends Emitter {

    /** Adds a room to the selection (union). */
    BroadcastOperator to(String room);

    /** Excludes the members of a room. */
    BroadcastOperator except(String room);

    /** Marks the packets droppable: a recipient whose outbound queue is full skips them instead of being disconnected. */
    BroadcastOperator droppable();
}
