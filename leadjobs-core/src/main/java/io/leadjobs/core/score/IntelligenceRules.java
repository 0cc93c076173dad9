package io.leadjobs.core.score;

import static io.leadjobs.core.enrich.Signals.COMPANY_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_SUGGESTION;

import static io.leadjobs.core.osint.OsintSignals.DOMAIN_AGE_DAYS;
import static io.leadjobs.core.osint.OsintSignals.DOMAIN_REGISTERED_AT;
import static io.leadjobs.core.osint.OsintSignals.SMTP_REPLY_CODE;
import static io.leadjobs.core.osint.OsintSignals.SMTP_VERDICT;
import static io.leadjobs.core.osint.OsintSignals.SOCIAL_PROFILES;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_DESCRIPTION;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_FINAL_URL;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_PARKED;

import io.leadjobs.core.Enrichment;
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

    /** A domain younger than this many days scores lower ({@code domain_new}). */
    static final int NEW_DOMAIN_DAYS = 90;
    /** A domain at least this many days old (five years) scores a little higher ({@code domain_established}). */
    static final int ESTABLISHED_DAYS = 1826;

    private IntelligenceRules() {
    }

    static List<ScoringRule> rules() {
        return rules(NEW_DOMAIN_DAYS, ESTABLISHED_DAYS);
    }

    /** The rules with the domain-age thresholds of a {@link ScoringModel}. */
    static List<ScoringRule> rules(int newDomainDays, int establishedDays) {
        return List.of(
                ScoringRule.of("email_domain_typo", -20, (l, e) -> e.get(EMAIL_SUGGESTION)
                        .map(s -> "Email domain " + e.get(EMAIL_DOMAIN).orElse("(unknown)")
                                + " looks mistyped; did they mean " + s + "?")),
                smtp("smtp_deliverable", 10, "deliverable", "The mail server accepts %s"),
                smtp("smtp_undeliverable", -40, "undeliverable", "The mail server refuses %s, so mail to it would bounce"),
                smtp("smtp_mailbox_full", -10, "mailbox_full", "The mailbox %s is full"),
                smtp("smtp_disabled", -30, "disabled", "The mailbox %s is disabled"),
                smtp("smtp_catch_all", -3, "catch_all",
                        "The domain's mail server accepts any address, so %s cannot be confirmed"),
                ScoringRule.of("domain_new", -15, (l, e) -> e.get(DOMAIN_AGE_DAYS).filter(d -> d < newDomainDays)
                        .map(d -> "Company domain " + domain(e) + " was registered only " + days(d) + " ago"
                                + e.get(DOMAIN_REGISTERED_AT).map(at -> ", on " + at.substring(0, Math.min(10, at.length())))
                                        .orElse(""))),
                ScoringRule.of("domain_established", 3, (l, e) -> e.get(DOMAIN_AGE_DAYS).filter(d -> d >= establishedDays)
                        .map(d -> "Company domain " + domain(e) + " has been registered for " + (d / 365) + " years"
                                + e.get(DOMAIN_REGISTERED_AT).map(at -> ", since " + at.substring(0, Math.min(10, at.length())))
                                        .orElse(""))),
                ScoringRule.of("website_parked", -25, (l, e) -> e.is(WEBSITE_PARKED)
                        ? Optional.of("Company website is a parked or for-sale page, not a running business"
                                + e.get(WEBSITE_FINAL_URL).map(u -> " (" + u + ")").orElse(""))
                        : Optional.empty()),
                ScoringRule.of("website_description", 2, (l, e) -> e.is(WEBSITE_PARKED) ? Optional.empty()
                        : e.get(WEBSITE_DESCRIPTION).map(d -> "Company website describes itself as: " + d)),
                ScoringRule.of("social_profiles", 5, (l, e) -> e.get(SOCIAL_PROFILES).filter(p -> !p.isEmpty())
                        .filter(p -> !e.is(WEBSITE_PARKED))
                        .map(p -> "Company website links to its profiles on " + networks(p) + ": "
                                + String.join(", ", p))));
    }

    private static ScoringRule smtp(String name, int points, String verdict, String sentence) {
        return ScoringRule.of(name, points, (l, e) -> e.get(SMTP_VERDICT).filter(verdict::equals)
                .map(v -> String.format(java.util.Locale.ROOT, sentence, l.email().strip())
                        + (v.equals("deliverable") || v.equals("catch_all") ? ""
                                : e.get(SMTP_REPLY_CODE).map(c -> " (its answer: code " + c + ")").orElse(""))));
    }

    private static String domain(Enrichment e) {
        return e.get(COMPANY_DOMAIN).or(() -> e.get(EMAIL_DOMAIN)).orElse("(unknown)");
    }

    private static String days(int d) {
        return d == 1 ? "1 day" : d + " days";
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
