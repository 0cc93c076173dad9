package io.leadjobs.core;

import java.util.Objects;

/** One rule that moved a lead's score, in words a salesperson can read: rule id, points, detail. */
public record ScoreReason(String rule, int points, String detail) {
    public ScoreReason {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }
}
