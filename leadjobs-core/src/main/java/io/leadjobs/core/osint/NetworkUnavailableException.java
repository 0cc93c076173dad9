package io.leadjobs.core.osint;

/** The network (or the resolver) did not answer after the retries, or the circuit breaker is open. */
final class NetworkUnavailableException extends Exception {
    NetworkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
