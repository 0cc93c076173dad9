package io.leadjobs.core;

import java.util.List;
import java.util.Objects;

/**
 * A job request that cannot be accepted. The message is one full sentence; {@link #details()} names each
 * offending input row (1-based data row, as in the upload) and what was wrong with it.
 */
public final class JobValidationException extends LeadJobsException {
    private static final long serialVersionUID = 1L;

    private final transient List<Detail> details;

    public JobValidationException(String message, List<Detail> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public JobValidationException(String message) {
        this(message, List.of());
    }

    /** The rows at fault, in row order; empty when the whole request is at fault. */
    public List<Detail> details() {
        return details;
    }

    /** One offending row: its 1-based data row and the reason, in words. */
    public record Detail(int row, String reason) {
        public Detail {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
