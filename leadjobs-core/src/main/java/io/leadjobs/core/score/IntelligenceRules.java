package io.leadjobs.core.score;

import static io.leadjobs.core.enrich.Signals.EMAIL_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_SUGGESTION;

import static io.leadjobs.core.osint.OsintSignals.SOCIAL_PROFILES;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_DESCRIPTION;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_FINAL_URL;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_PARKED;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
                                + " looks mistyped; did they mean " + s + "? (email_suggestion = " + s + ")")),
                ScoringRule.of("website_parked", -25, (l, e) -> e.is(WEBSITE_PARKED)
                        ? Optional.of("Company website is a parked or for-sale page, not a running business"
                                + e.get(WEBSITE_FINAL_URL).map(u -> " (" + u + ")").orElse("") + " (website_parked = true)")
                        : Optional.empty()),
                ScoringRule.of("website_description", 2, (l, e) -> e.is(WEBSITE_PARKED) ? Optional.empty()
                        : e.get(WEBSITE_DESCRIPTION).map(d -> "Company website describes itself as: " + d)),
                ScoringRule.of("social_profiles", 5, (l, e) -> e.get(SOCIAL_PROFILES).filter(p -> !p.isEmpty())
                        .filter(p -> !e.is(WEBSITE_PARKED))
                        .map(p -> "Company website links to its profiles on " + networks(p)
                                + " (social_profiles = " + String.join(", ", p) + ")")));
    }

    /** "LinkedIn, X and GitHub", in the order the page lists them. */
    static String networks(List<String> profiles) {
        Set<String> names = new LinkedHashSet<>();
        for (String p : profiles) {
            if (p.contains("linkedin.com/")) {
                names.add("LinkedIn");
            } else if (p.contains("github.com/")) {
                names.add("GitHub");
            } else if (p.contains("x.com/") || p.contains("twitter.com/")) {
                names.add("X");
            }
        }
        List<String> n = new ArrayList<>(names);
        if (n.size() <= 1) {
            return String.join("", n);
        }
        return String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
    }
}
