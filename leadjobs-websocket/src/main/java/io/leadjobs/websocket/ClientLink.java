package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.socketio.PreparedEvent;
import java.util.List;

/**
 * What the job-events protocol needs of one client connection; the Socket.IO adapter implements it. Methods
 * never block.
 */
interface ClientLink {

    /** Encodes an event for this client's namespace, once for any number of its clients. */
    PreparedEvent prepare(String event, ObjectNode payload);

    /**
     * Queues encoded events for the client, in order, to go out together. A droppable event may be discarded when
     * the connection's outbound queue is full. Returns false when any event was not queued.
     */
    boolean send(List<PreparedEvent> events);

    /** Messages queued for this client and not yet written. */
    int backlog();

    boolean isOpen();

    /** Ends the connection. */
    void disconnect();
}
