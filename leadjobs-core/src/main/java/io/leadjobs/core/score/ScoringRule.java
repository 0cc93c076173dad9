package io.leadjobs.core.score;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.ScoreReason;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * One rule of the rule-based scorer: looks at a lead and its enrichment and, when it applies, gives
 * points (negative to penalise) with a detail a salesperson can read. Rules must be thread-safe and fast;
 * they never do I/O (enrichers do, earlier). A host adds its own rules to {@link RuleBasedScorer.Builder}
 * and may re-weight any rule by name.
 */
public interface ScoringRule {

    /** Stable snake_case name, shown as the reason's {@code rule} and used to re-weight or remove it. */
    String name();

    /** The reason this rule adds for the lead, or empty when it does not apply. */
    Optional<ScoreReason> evaluate(Lead lead, Enrichment enrichment);

    /** A rule that gives {@code points} with a fixed {@code detail} when {@code condition} holds. */
    static ScoringRule when(String name, int points, BiPredicate<Lead, Enrichment> condition, String detail) {
        Objects.requireNonNull(detail, "detail");
        return of(name, points, (lead, e) -> condition.test(lead, e) ? Optional.of(detail) : Optional.empty());
    }

    /** A rule that gives {@code points} when a boolean signal is present and true. */
    static ScoringRule whenSignal(String name, int points, Enrichment.Signal<Boolean> signal, String detail) {
        Objects.requireNonNull(signal, "signal");
        return when(name, points, (lead, e) -> e.is(signal), detail);
    }

    /**
     * A rule that gives {@code points} whenever {@code detail} returns a detail for the lead, so the detail
     * can name what was found ({@code "Email is on a free-mail provider (gmail.com)"}).
     */
    static ScoringRule of(String name, int points, BiFunction<Lead, Enrichment, Optional<String>> detail) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        return new FixedPointsRule(name, points, detail);
    }
}
