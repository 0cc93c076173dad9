package io.leadjobs.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the job-events protocol needs of one client connection; the Socket.IO adapter implements it. Methods
 * never block.
 */
interface ClientLink {

    /**
     * Queues an event for the client. A droppable event may be discarded when the connection's outbound queue
     * is full. Returns false when the event was not queued.
     */
    boolean emit(String event, ObjectNode payload, boolean droppable);

    /** Messages queued for this client and not yet written. */
    int backlog();

    boolean isOpen();

    /** Ends the connection. */
    void disconnect();
}
