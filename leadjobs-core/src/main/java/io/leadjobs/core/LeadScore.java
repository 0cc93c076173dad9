package io.leadjobs.core;

import java.util.List;
import java.util.Objects;

/** A lead's score (0-100), its grade, whether it is a high-score lead, and the reasons behind it. */
public record LeadScore(int score, Grade grade, boolean highScore, List<ScoreReason> reasons) {
    public LeadScore {
        if (score < 0 || score > 100) {
            throw LeadJobsException.invalidSetting("score", "between 0 and 100", score);
        }
        Objects.requireNonNull(grade, "grade");
        reasons = List.copyOf(reasons);
    }
}
