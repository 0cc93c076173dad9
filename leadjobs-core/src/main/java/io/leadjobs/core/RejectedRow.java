package io.leadjobs.core;

import java.util.Objects;

/**
 * An input row that was not scored: its 1-based data row, why, and what it held ({@code input}: the fields
 * the row had, an empty lead when nothing of it could be read), so an export can show the row as it came.
 */
public record RejectedRow(int row, String reason, Lead input) {
    private static final Lead EMPTY = Lead.builder().build();

    public RejectedRow {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(input, "input");
    }

    /** A rejected row whose fields are not known. */
    public RejectedRow(int row, String reason) {
        this(row, reason, EMPTY);
    }
}
