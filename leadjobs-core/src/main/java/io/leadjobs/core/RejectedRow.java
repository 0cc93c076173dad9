package io.leadjobs.core;

import java.util.Objects;

/** An input row that was not scored: its 1-based data row and why. */
public record RejectedRow(int row, String reason) {
    public RejectedRow {
        Objects.requireNonNull(reason, "reason");
    }
}
