package io.leadjobs.core.score;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.ScoreReason;
import java.util.Optional;
import java.util.function.BiFunction;

/** A rule of {@link ScoringRule#of}: fixed points, so a {@link ScoringModel} can read its default weight. */
final class FixedPointsRule implements ScoringRule {
    private final String name;
    private final int points;
    private final BiFunction<Lead, Enrichment, Optional<String>> detail;

    FixedPointsRule(String name, int points, BiFunction<Lead, Enrichment, Optional<String>> detail) {
        this.name = name;
        this.points = points;
        this.detail = detail;
    }

    @Override
    public String name() {
        return name;
    }

    int points() {
        return points;
    }

    @Override
    public Optional<ScoreReason> evaluate(Lead lead, Enrichment enrichment) {
        return detail.apply(lead, enrichment).map(d -> new ScoreReason(name, points, d));
    }

    @Override
    public String toString() {
        return "ScoringRule[" + name + ", " + points + "]";
    }
}
