package io.leadjobs.engineio;

import java.util.Optional;

/**
 * The answer of a {@link HandshakeFilter}: let the connection open, or refuse it with an HTTP status.
 */
public final class HandshakeDecision {

    private static final HandshakeDecision ACCEPT = new HandshakeDecision(0, "");

    private final int status;
    private final String message;

    private HandshakeDecision(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** Let the connection open. */
    public static HandshakeDecision accept() {
        return ACCEPT;
    }

    /**
     * Refuse the connection with an HTTP status between 400 and 599 (429 for rate limiting) and a message
     * that the client receives in the JSON error body.
     */
    public static HandshakeDecision reject(int status, String message) {
        if (status < 400 || status > 599) {
            throw EngineIoException.invalidSetting("a refusal needs an HTTP status between 400 and 599, was " + status);
        }
        if (message == null || message.isBlank()) {
            throw EngineIoException.invalidSetting("a refusal needs a message for the client");
        }
        return new HandshakeDecision(status, message);
    }

    /** Refuse with HTTP 429 Too Many Requests. */
    public static HandshakeDecision tooManyRequests() {
        return reject(429, "Too many requests");
    }

    public boolean accepted() {
        return status == 0;
    }

    /** The refusal status, empty when accepted. */
    public Optional<Integer> status() {
        return accepted() ? Optional.empty() : Optional.of(status);
    }

    /** The refusal message, empty when accepted. */
    public Optional<String> message() {
        return accepted() ? Optional.empty() : Optional.of(message);
    }

    @Override
    public String toString() {
        return accepted() ? "accept" : "reject(" + status + ", " + message + ")";
    }
}
