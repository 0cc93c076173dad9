package io.leadjobs.engineio;

/**
 * An HTTP-level check of every request that would open a new Engine.IO connection (the first polling
 * request or a WebSocket upgrade without a session id), run before a session exists: rate limiting,
 * IP block lists. It runs on a container thread and must be quick.
 *
 * <p>On the polling transport and on WebSocket upgrades served through the servlet, a refusal is answered
 * with its HTTP status (e.g. 429). On a WebSocket endpoint registered directly in a container (where the
 * Jakarta WebSocket API cannot set a status), the socket is closed with code 1008 and the message.
 */
@FunctionalInterface
public interface HandshakeFilter {

    HandshakeDecision check(EngineIoHandshake handshake);

    /** Lets every connection open. */
    static HandshakeFilter acceptAll() {
        return handshake -> HandshakeDecision.accept();
    }
}
