package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadjobs.socketio.PreparedEvent;

/**
 * What the job-events protocol needs of one client connection; the Socket.IO adapter implements it. Methods
 * never block.
 */
interface ClientLink {

    /** Encodes an event for this client's namespace, once for any number of its clients. */
    PreparedEvent prepare(String event, ObjectNode payload);

    /**
     * Queues an encoded event for the client. A droppable event may be discarded when the connection's outbound
     * queue is full. Returns false when the event was not queued.
     */
    boolean send(PreparedEvent event);

    /** Messages queued for this client and not yet written. */
    int backlog();

    boolean isOpen();

    /** Ends the connection. */
    void disconnect();
}
