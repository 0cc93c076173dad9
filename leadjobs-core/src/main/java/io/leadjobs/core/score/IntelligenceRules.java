package io.leadjobs.core.score;

import static io.leadjobs.core.enrich.Signals.EMAIL_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_SUGGESTION;

import java.util.List;

/**
 * The default model's rules over the second level of lead intelligence: typo suggestions, website depth,
 * domain age and SMTP deliverability. Like the network rules, each applies only when its signals are
 * present, and its detail names them.
 */
final class IntelligenceRules {

    private IntelligenceRules() {
    }

    static List<ScoringRule> rules() {
        return List.of(
                ScoringRule.of("email_domain_typo", -20, (l, e) -> e.get(EMAIL_SUGGESTION)
                        .map(s -> "Email domain " + e.get(EMAIL_DOMAIN).orElse("(unknown)")
                                + " looks mistyped; did they mean " + s + "? (email_suggestion = " + s + ")")));
    }
}
