package io.leadjobs.core.score;

import static io.leadjobs.core.enrich.Signals.COMPANY_DOMAIN;
import static io.leadjobs.core.enrich.Signals.DEPARTMENT;
import static io.leadjobs.core.enrich.Signals.DISPOSABLE_EMAIL;
import static io.leadjobs.core.enrich.Signals.EMAIL_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_MATCHES_WEBSITE;
import static io.leadjobs.core.enrich.Signals.EMAIL_VALID;
import static io.leadjobs.core.enrich.Signals.FREE_EMAIL;
import static io.leadjobs.core.enrich.Signals.PHONE_COUNTRY;
import static io.leadjobs.core.enrich.Signals.PHONE_TYPE;
import static io.leadjobs.core.enrich.Signals.PHONE_VALID;
import static io.leadjobs.core.enrich.Signals.ROLE_ACCOUNT;
import static io.leadjobs.core.enrich.Signals.SENIORITY;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.enrich.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The default scoring model, documented in leadjobs-core's README: a base of {@link #BASE_SCORE} and the
 * rules of {@link #rules()}, which read the signals of {@link io.leadjobs.core.enrich.Enrichers#defaults()} and,
 * where they are configured, of the network enrichers ({@link io.leadjobs.core.osint.OsintEnrichers}).
 */
public final class DefaultModel {
    /** Score every lead starts from. */
    public static final int BASE_SCORE = 20;

    private static final Set<String> TARGET_DEPARTMENTS = Set.of(
            Signals.DEPARTMENT_EXECUTIVE, Signals.DEPARTMENT_SALES, Signals.DEPARTMENT_MARKETING);

    private DefaultModel() {
    }

    /**
     * The default rules, in the order their reasons are listed: the offline rules, then the
     * {@linkplain NetworkRules network rules} (which apply only when the network enrichers ran).
     */
    public static List<ScoringRule> rules() {
        return rules(IntelligenceRules.NEW_DOMAIN_DAYS, IntelligenceRules.ESTABLISHED_DAYS);
    }

    /** The default rules with the domain-age thresholds of a {@link ScoringModel}. */
    static List<ScoringRule> rules(int newDomainDays, int establishedDays) {
        List<ScoringRule> all = new ArrayList<>(offlineRules());
        all.addAll(NetworkRules.rules());
        all.addAll(IntelligenceRules.rules(newDomainDays, establishedDays));
        return List.copyOf(all);
    }

    private static List<ScoringRule> offlineRules() {
        return List.of(
                ScoringRule.whenSignal("email_valid", 10, EMAIL_VALID, "Email address is well formed"),
                ScoringRule.when("email_invalid", -20, (l, e) -> e.get(EMAIL_VALID).map(v -> !v).orElse(false),
                        "Email address is not well formed"),
                ScoringRule.when("no_email", -10, (l, e) -> l.email().isEmpty(), "No email address"),
                ScoringRule.of("business_email", 15, (l, e) -> e.get(EMAIL_DOMAIN)
                        .filter(d -> e.get(FREE_EMAIL).isPresent() && !e.is(FREE_EMAIL) && !e.is(DISPOSABLE_EMAIL))
                        .map(d -> "Email is on a company domain (" + d + ")")),
                ScoringRule.of("free_email", -10, (l, e) -> e.is(FREE_EMAIL)
                        ? e.get(EMAIL_DOMAIN).map(d -> "Email is on a free-mail provider (" + d + ")") : Optional.empty()),
                ScoringRule.of("disposable_email", -40, (l, e) -> e.is(DISPOSABLE_EMAIL)
                        ? e.get(EMAIL_DOMAIN).map(d -> "Email is on a disposable-mail domain (" + d + ")") : Optional.empty()),
                ScoringRule.whenSignal("role_account", -15, ROLE_ACCOUNT, "Email is a shared role account, not a person"),
                seniority("seniority_c_level", 25, Signals.SENIORITY_C_LEVEL, "Title is C-level or founder"),
                seniority("seniority_vp", 20, Signals.SENIORITY_VP, "Title is vice-president level"),
                seniority("seniority_director", 15, Signals.SENIORITY_DIRECTOR, "Title is director level"),
                seniority("seniority_manager", 10, Signals.SENIORITY_MANAGER, "Title is manager level"),
                seniority("seniority_senior", 5, Signals.SENIORITY_SENIOR, "Title is a senior specialist"),
                seniority("seniority_entry", -5, Signals.SENIORITY_ENTRY, "Title is entry level"),
                ScoringRule.of("target_department", 5, (l, e) -> e.get(DEPARTMENT).filter(TARGET_DEPARTMENTS::contains)
                        .map(d -> d.equals(Signals.DEPARTMENT_EXECUTIVE) ? "Works in the company's leadership"
                                : "Works in " + d)),
                ScoringRule.of("company_domain", 5, (l, e) -> e.get(COMPANY_DOMAIN).map(d -> "Company domain is " + d)),
                ScoringRule.whenSignal("email_matches_website", 10, EMAIL_MATCHES_WEBSITE,
                        "Email domain matches the company website"),
                ScoringRule.of("phone_valid", 10, (l, e) -> e.is(PHONE_VALID)
                        ? Optional.of("Phone number is valid" + phoneDetail(e)) : Optional.empty()),
                ScoringRule.when("phone_invalid", -5, (l, e) -> e.get(PHONE_VALID).map(v -> !v).orElse(false),
                        "Phone number is not a valid number"),
                ScoringRule.when("full_name", 5, (l, e) -> !l.firstName().isEmpty() && !l.lastName().isEmpty(),
                        "First and last name given"),
                ScoringRule.when("company_name", 5, (l, e) -> !l.company().isEmpty(), "Company name given"));
    }

    private static ScoringRule seniority(String name, int points, String level, String detail) {
        return ScoringRule.when(name, points, (l, e) -> e.get(SENIORITY).filter(level::equals).isPresent(), detail);
    }

    private static String phoneDetail(Enrichment e) {
        Optional<String> country = e.get(PHONE_COUNTRY);
        Optional<String> type = e.get(PHONE_TYPE).map(t -> t.replace('_', ' '));
        if (country.isEmpty() && type.isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", country.map(List::of).orElse(List.of()))
                + (country.isPresent() && type.isPresent() ? ", " : "") + type.orElse("") + ")";
    }
}
