package io.leadjobs.core.osint;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Gives up fast when the network is gone. After {@code threshold} consecutive network failures the breaker
 * opens and {@link #tryAcquire()} refuses every call for {@code cooldown}; then it lets exactly one call
 * through (half-open): its success closes the breaker, its failure opens it for another cooldown.
 * A success anywhere resets the count. Thread-safe.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What a permitted call must report back: exactly one of success or failure (or neither, if it did not touch the network). */
    enum Permit { NORMAL, PROBE }

    private final int threshold;
    private final long cooldownNanos;
    private final LongSupplier clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration cooldown, LongSupplier clock) {
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
        this.clock = clock;
    }

    /** A permit to call the network, or {@code null} when the breaker is open. */
    synchronized Permit tryAcquire() {
        switch (state) {
            case CLOSED:
                return Permit.NORMAL;
            case OPEN:
                if (clock.getAsLong() - openedAt < cooldownNanos) {
                    return null;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return Permit.PROBE;
            default:
                if (probeInFlight) {
                    return null;
                }
                probeInFlight = true;
                return Permit.PROBE;
        }
    }

    /** Any answer from the network proves it is there: the breaker closes. */
    synchronized void onSuccess(Permit permit) {
        consecutiveFailures = 0;
        state = State.CLOSED;
        if (permit == Permit.PROBE) {
            probeInFlight = false;
        }
    }

    /** Records a network failure; true when this failure opened the breaker. */
    synchronized boolean onFailure(Permit permit) {
        if (permit == Permit.PROBE) {
            probeInFlight = false;
            state = State.OPEN;
            openedAt = clock.getAsLong();
            return true;
        }
        if (state != State.CLOSED) {
            return false;
        }
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
            return true;
        }
        return false;
    }

    /** The call ended without a verdict on the network (for example it was refused by policy). */
    synchronized void release(Permit permit) {
        if (permit == Permit.PROBE) {
            probeInFlight = false;
        }
    }

    synchronized State state() {
        return state;
    }
}
