package io.leadjobs.websocket;

import io.leadjobs.core.LeadJobsException;

/**
 * A token-bucket rate: {@code permitsPerSecond} on average with bursts of up to {@code burst}. {@link #off()}
 * turns a limit off (for load tests).
 */
public record RateLimit(double permitsPerSecond, int burst) {

    private static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
        if (Double.isNaN(permitsPerSecond) || permitsPerSecond < 0 || permitsPerSecond > 1_000_000) {
            throw LeadJobsException.invalidSetting("permitsPerSecond", "between 0 and 1000000", permitsPerSecond);
        }
        if (burst < 0 || burst > 1_000_000) {
            throw LeadJobsException.invalidSetting("burst", "between 0 and 1000000", burst);
        }
        if ((permitsPerSecond == 0) != (burst == 0)) {
            throw new LeadJobsException("A rate limit is either off (0 per second, burst 0) or has both a rate and a burst, was "
                    + permitsPerSecond + " per second with burst " + burst);
        }
    }

    /** {@code perSecond} on average, bursts of up to {@code burst}. {@code perSecond} 0 turns the limit off. */
    public static RateLimit of(double perSecond, int burst) {
        return perSecond == 0 ? OFF : new RateLimit(perSecond, burst);
    }

    /** No limit. */
    public static RateLimit off() {
        return OFF;
    }

    public boolean enabled() {
        return permitsPerSecond > 0;
    }
}
