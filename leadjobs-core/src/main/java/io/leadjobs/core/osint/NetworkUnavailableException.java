package io.leadjobs.core.osint;

/**
 * The network (or the resolver) did not answer after the retries, or the circuit breaker is open. It is how an
 * enricher says "no answer" for a lead, thrown for every lead while the network is down, so it records no stack
 * trace of its own (its message says what failed; a cause keeps its own trace).
 */
final class NetworkUnavailableException extends Exception {
    NetworkUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
