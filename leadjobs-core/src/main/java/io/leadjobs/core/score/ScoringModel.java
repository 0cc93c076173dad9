package io.leadjobs.core.score;

import io.leadjobs.core.Grade;
import io.leadjobs.core.LeadJobsException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers of the default scoring model, apart from the rules' logic: the base score, a weight for every
 * rule of {@link DefaultModel#rules()}, the thresholds (high score, domain age) and the lowest score of each grade.
 * Sales operations tune these without code; a host loads them from a file (the reference server reads YAML or
 * JSON) and hands them to {@link RuleBasedScorer#of(ScoringModel)}. Immutable; {@link #builder()} starts from
 * {@link #defaults()} and checks every value as it is set, with a message naming the field.
 */
public final class ScoringModel {

    /** Lowest and highest base score, weight and threshold a model accepts. */
    static final int MIN_POINTS = -100;
    static final int MAX_POINTS = 100;
    /** Longest domain age a threshold may name (a hundred years). */
    static final int MAX_DOMAIN_DAYS = 36_525;

    private static final ScoringModel DEFAULTS = new Builder().build();

    private final int baseScore;
    private final Map<String, Integer> weights;
    private final int highScoreThreshold;
    private final int newDomainDays;
    private final int establishedDomainDays;
    private final Map<Grade, Integer> gradeFloors;

    private ScoringModel(Builder b) {
        this.baseScore = b.baseScore;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(b.weights));
        this.highScoreThreshold = b.highScoreThreshold;
        this.newDomainDays = b.newDomainDays;
        this.establishedDomainDays = b.establishedDomainDays;
        this.gradeFloors = Collections.unmodifiableMap(new EnumMap<>(b.gradeFloors));
    }

    /** The default model: the numbers {@link RuleBasedScorer#defaults()} scores with. */
    public static ScoringModel defaults() {
        return DEFAULTS;
    }

    /** A builder holding the default model; change what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The score every lead starts from. */
    public int baseScore() {
        return baseScore;
    }

    /** Points of every rule, by rule name, in rule order. */
    public Map<String, Integer> weights() {
        return weights;
    }

    /** Score at or above which a lead is high-score. */
    public int highScoreThreshold() {
        return highScoreThreshold;
    }

    /** A company domain registered fewer days ago than this is new ({@code domain_new}). */
    public int newDomainDays() {
        return newDomainDays;
    }

    /** A company domain registered at least this many days ago is established ({@code domain_established}). */
    public int establishedDomainDays() {
        return establishedDomainDays;
    }

    /** Lowest score of grades A to E, strictly falling; below E's is F. */
    public Map<Grade, Integer> gradeFloors() {
        return gradeFloors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringModel m && baseScore == m.baseScore && highScoreThreshold == m.highScoreThreshold
                && newDomainDays == m.newDomainDays && establishedDomainDays == m.establishedDomainDays
                && weights.equals(m.weights) && gradeFloors.equals(m.gradeFloors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseScore, weights, highScoreThreshold, newDomainDays, establishedDomainDays, gradeFloors);
    }

    @Override
    public String toString() {
        return "ScoringModel[baseScore=" + baseScore + ", highScoreThreshold=" + highScoreThreshold + ", gradeFloors="
                + gradeFloors + ", newDomainDays=" + newDomainDays + ", establishedDomainDays=" + establishedDomainDays
                + ", weights=" + weights + "]";
    }

    /** Builds a {@link ScoringModel}, starting from the default one. Not thread-safe. */
    public static final class Builder {
        private int baseScore = DefaultModel.BASE_SCORE;
        private final LinkedHashMap<String, Integer> weights = new LinkedHashMap<>();
        private int highScoreThreshold = RuleBasedScorer.DEFAULT_HIGH_SCORE_THRESHOLD;
        private int newDomainDays = IntelligenceRules.NEW_DOMAIN_DAYS;
        private int establishedDomainDays = IntelligenceRules.ESTABLISHED_DAYS;
        private final EnumMap<Grade, Integer> gradeFloors = new EnumMap<>(Grade.class);

        private Builder() {
            for (ScoringRule rule : DefaultModel.rules()) {
                weights.put(rule.name(), ((FixedPointsRule) rule).points());
            }
            int[] floors = RuleBasedScorer.DEFAULT_GRADE_FLOORS;
            for (int i = 0; i < floors.length; i++) {
                gradeFloors.put(Grade.values()[i], floors[i]);
            }
        }

        /** The score every lead starts from, -100 to 100 (default 20). */
        public Builder baseScore(int points) {
            this.baseScore = points("base_score", points);
            return this;
        }

        /**
         * Gives the named rule {@code points}, -100 to 100 (0 switches it off).
         *
         * @throws LeadJobsException when no rule has this name; the message lists the known ones
         */
        public Builder weight(String rule, int points) {
            Objects.requireNonNull(rule, "rule");
            if (!weights.containsKey(rule)) {
                throw new LeadJobsException("There is no scoring rule named " + rule + "; the known rules are "
                        + String.join(", ", weights.keySet()) + ".");
            }
            weights.put(rule, points("weight of " + rule, points));
            return this;
        }

        /** Score at or above which a lead is high-score, 0 to 100 (default 70). */
        public Builder highScoreThreshold(int score) {
            if (score < 0 || score > 100) {
                throw LeadJobsException.invalidSetting("high_score", "between 0 and 100", score);
            }
            this.highScoreThreshold = score;
            return this;
        }

        /** Days under which a company domain is new ({@code domain_new}), 1 to 36525 (default 90). */
        public Builder newDomainDays(int days) {
            this.newDomainDays = days("domain_new_days", days);
            return this;
        }

        /** Days from which a company domain is established ({@code domain_established}), 1 to 36525 (default 1826). */
        public Builder establishedDomainDays(int days) {
            this.establishedDomainDays = days("domain_established_days", days);
            return this;
        }

        /**
         * The lowest score of {@code grade} (A to E), 1 to 100. The floors must fall strictly from A to E; that is
         * checked by {@link #build()}, so they can be set in any order. F has no floor: it is every score below E's.
         */
        public Builder gradeFloor(Grade grade, int score) {
            Objects.requireNonNull(grade, "grade");
            if (grade == Grade.F) {
                throw new LeadJobsException("Grade F has no lowest score: it is every score below grade E's.");
            }
            if (score < 1 || score > 100) {
                throw LeadJobsException.invalidSetting("the lowest score of grade " + grade, "between 1 and 100", score);
            }
            gradeFloors.put(grade, score);
            return this;
        }

        /**
         * The model.
         *
         * @throws LeadJobsException when the grade floors do not fall strictly from A to E, or a domain is new and
         *                           established at once (new-domain days above established-domain days)
         */
        public ScoringModel build() {
            Grade previous = null;
            for (Map.Entry<Grade, Integer> floor : gradeFloors.entrySet()) {
                if (previous != null && floor.getValue() >= gradeFloors.get(previous)) {
                    throw new LeadJobsException("The lowest scores of the grades must fall strictly from A to E, but grade "
                            + floor.getKey() + " starts at " + floor.getValue() + " and grade " + previous + " at "
                            + gradeFloors.get(previous) + ".");
                }
                previous = floor.getKey();
            }
            if (newDomainDays > establishedDomainDays) {
                throw new LeadJobsException("domain_new_days (" + newDomainDays + ") must not be above"
                        + " domain_established_days (" + establishedDomainDays + "): a domain cannot be new and established at once.");
            }
            return new ScoringModel(this);
        }

        private static int points(String field, int points) {
            if (points < MIN_POINTS || points > MAX_POINTS) {
                throw LeadJobsException.invalidSetting(field, "between " + MIN_POINTS + " and " + MAX_POINTS, points);
            }
            return points;
        }

        private static int days(String field, int days) {
            if (days < 1 || days > MAX_DOMAIN_DAYS) {
                throw LeadJobsException.invalidSetting(field, "between 1 and " + MAX_DOMAIN_DAYS + " days", days);
            }
            return days;
        }
    }
}
