package io.leadjobs.engineio;

/**
 * How a session's queued messages reach its client: {@link PollingTransport} or {@link WsTransport}. A transport
 * shares its session's lock and queue; the session decides which transport is in use and when it changes.
 */
interface Transport {

    String POLLING = "polling";
    String WEBSOCKET = "websocket";

    /** {@link #POLLING} or {@link #WEBSOCKET}. */
    String name();

    /** Whether the transport can still deliver what is queued; the caller holds the session's lock. */
    boolean connected();

    /** Hands what is queued to the client as far as the transport can now; called without the session's lock. */
    void flush();

    /**
     * The session has ended: lets go of what the transport holds (a held poll, the socket) and returns the I/O
     * that tells the client, to run once the lock is released. The caller holds the session's lock.
     */
    Runnable detach(CloseReason reason);
}
