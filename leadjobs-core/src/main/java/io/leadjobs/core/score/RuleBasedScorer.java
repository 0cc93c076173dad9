package io.leadjobs.core.score;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.LeadScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Scores a lead as a base score plus the points of every rule that applies, clamped to 0-100, with one
 * {@link ScoreReason} per applied rule (in rule order). Grades: A at 80 and above, B at 65, C at 50, D at
 * 35, E at 20, F below (configurable). Immutable and thread-safe.
 */
public final class RuleBasedScorer implements LeadScorer {
    static final int DEFAULT_HIGH_SCORE_THRESHOLD = 70;
    static final int[] DEFAULT_GRADE_FLOORS = {80, 65, 50, 35, 20};

    private final int baseScore;
    private final List<ScoringRule> rules;
    private final Map<String, Integer> weights;
    private final int highScoreThreshold;
    private final int[] gradeFloors;

    private RuleBasedScorer(Builder b) {
        this.baseScore = b.baseScore;
        this.rules = List.copyOf(b.rules.values());
        this.weights = Map.copyOf(b.weights);
        this.highScoreThreshold = b.highScoreThreshold;
        this.gradeFloors = b.gradeFloors.clone();
    }

    /** The default model ({@link DefaultModel}) with a high-score threshold of 70. */
    public static RuleBasedScorer defaults() {
        return builder().build();
    }

    /** A scorer with the default rules and the numbers of {@code model} (see {@link Builder#model}). */
    public static RuleBasedScorer of(ScoringModel model) {
        return builder().model(model).build();
    }

    /** A builder preloaded with the default model. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public LeadScore score(Lead lead, Enrichment enrichment) {
        int total = baseScore;
        List<ScoreReason> reasons = new ArrayList<>(8);
        for (ScoringRule rule : rules) {
            Optional<ScoreReason> reason = rule.evaluate(lead, enrichment);
            if (reason.isPresent()) {
                ScoreReason r = reason.get();
                Integer w = weights.get(rule.name());
                if (w != null && w != r.points()) {
                    r = new ScoreReason(r.rule(), w, r.detail());
                }
                if (r.points() != 0) {
                    reasons.add(r);
                    total += r.points();
                }
            }
        }
        int score = Math.max(0, Math.min(100, total));
        return new LeadScore(score, grade(score), score >= highScoreThreshold, reasons);
    }

    /** The grade a score earns under this scorer's grade floors. */
    public Grade grade(int score) {
        Grade[] grades = Grade.values();
        for (int i = 0; i < gradeFloors.length; i++) {
            if (score >= gradeFloors[i]) {
                return grades[i];
            }
        }
        return Grade.F;
    }

    /** The rule names, in evaluation order. */
    public List<String> ruleNames() {
        return rules.stream().map(ScoringRule::name).toList();
    }

    /**
     * Builds a {@link RuleBasedScorer}, starting from the default model. Setters check their argument and
     * fail with a full sentence.
     */
    public static final class Builder {
        private int baseScore = DefaultModel.BASE_SCORE;
        private final LinkedHashMap<String, ScoringRule> rules = new LinkedHashMap<>();
        private final Map<String, Integer> weights = new HashMap<>();
        private int highScoreThreshold = DEFAULT_HIGH_SCORE_THRESHOLD;
        private int[] gradeFloors = DEFAULT_GRADE_FLOORS.clone();

        private Builder() {
            DefaultModel.rules().forEach(this::addRule);
        }

        /** The score every lead starts from (-100 to 100, default 20). */
        public Builder baseScore(int baseScore) {
            if (baseScore < -100 || baseScore > 100) {
                throw LeadJobsException.invalidSetting("baseScore", "between -100 and 100", baseScore);
            }
            this.baseScore = baseScore;
            return this;
        }

        /**
         * Replaces the rules with the default ones under {@code model}'s numbers: its base score, rule weights,
         * domain-age thresholds, high-score threshold and grade floors. Rules added before are dropped; add your
         * own after.
         */
        public Builder model(ScoringModel model) {
            Objects.requireNonNull(model, "model");
            clearRules();
            DefaultModel.rules(model.newDomainDays(), model.establishedDomainDays()).forEach(this::addRule);
            model.weights().forEach(this::weight);
            baseScore(model.baseScore());
            highScoreThreshold(model.highScoreThreshold());
            Map<Grade, Integer> floors = model.gradeFloors();
            return gradeFloors(floors.get(Grade.A), floors.get(Grade.B), floors.get(Grade.C), floors.get(Grade.D),
                    floors.get(Grade.E));
        }

        /** Removes every rule, default ones included; add your own after. */
        public Builder clearRules() {
            rules.clear();
            weights.clear();
            return this;
        }

        /** Adds a rule after the existing ones; its name must not be taken. */
        public Builder addRule(ScoringRule rule) {
            Objects.requireNonNull(rule, "rule");
            String name = rule.name();
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                throw LeadJobsException.invalidSetting("rule name", "snake_case (a-z, 0-9, _)", name);
            }
            if (rules.containsKey(name)) {
                throw new LeadJobsException("A scoring rule named " + name + " is already configured; remove it first or pick another name.");
            }
            rules.put(name, rule);
            return this;
        }

        /** Removes the rule with this name. */
        public Builder removeRule(String name) {
            if (rules.remove(name) == null) {
                throw new LeadJobsException("There is no scoring rule named " + name + "; known rules are " + rules.keySet() + ".");
            }
            weights.remove(name);
            return this;
        }

        /** Gives the named rule {@code points} (-100 to 100) instead of its own. */
        public Builder weight(String name, int points) {
            if (!rules.containsKey(name)) {
                throw new LeadJobsException("There is no scoring rule named " + name + "; known rules are " + rules.keySet() + ".");
            }
            if (points < -100 || points > 100) {
                throw LeadJobsException.invalidSetting("weight of " + name, "between -100 and 100", points);
            }
            weights.put(name, points);
            return this;
        }

        /** Score at or above which a lead is high-score (0-100, default 70). */
        public Builder highScoreThreshold(int threshold) {
            if (threshold < 0 || threshold > 100) {
                throw LeadJobsException.invalidSetting("highScoreThreshold", "between 0 and 100", threshold);
            }
            this.highScoreThreshold = threshold;
            return this;
        }

        /** Lowest scores for grades A, B, C, D and E (strictly falling, 1-100); below E is F. */
        public Builder gradeFloors(int a, int b, int c, int d, int e) {
            int[] floors = {a, b, c, d, e};
            for (int i = 0; i < floors.length; i++) {
                if (floors[i] < 1 || floors[i] > 100 || (i > 0 && floors[i] >= floors[i - 1])) {
                    throw LeadJobsException.invalidSetting("gradeFloors", "strictly falling values between 1 and 100",
                            java.util.Arrays.toString(floors));
                }
            }
            this.gradeFloors = floors;
            return this;
        }

        public RuleBasedScorer build() {
            Set<String> unknown = new HashSet<>(weights.keySet());
            unknown.removeAll(rules.keySet());
            if (!unknown.isEmpty()) {
                throw new LeadJobsException("Weights were set for unknown scoring rules " + unknown + ".");
            }
            return new RuleBasedScorer(this);
        }
    }
}
