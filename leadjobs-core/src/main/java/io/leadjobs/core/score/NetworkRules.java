package io.leadjobs.core.score;

import static io.leadjobs.core.enrich.Signals.COMPANY_DOMAIN;
import static io.leadjobs.core.enrich.Signals.EMAIL_DOMAIN;
import static io.leadjobs.core.enrich.Signals.FREE_EMAIL;
import static io.leadjobs.core.osint.OsintSignals.DMARC_POLICY;
import static io.leadjobs.core.osint.OsintSignals.DNS_STATUS;
import static io.leadjobs.core.osint.OsintSignals.HAS_DMARC;
import static io.leadjobs.core.osint.OsintSignals.HAS_MX;
import static io.leadjobs.core.osint.OsintSignals.HAS_SPF;
import static io.leadjobs.core.osint.OsintSignals.MAIL_PROVIDER;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_ERROR;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_FINAL_URL;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_HTTPS;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_HTTP_STATUS;
import static io.leadjobs.core.osint.OsintSignals.WEBSITE_REACHABLE;

import io.leadjobs.core.Enrichment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default model's rules over the network signals ({@link io.leadjobs.core.osint.OsintSignals}). Each
 * applies only when its signals are present, so a lead scored without the network (enricher switched off,
 * resolver down) is scored on its offline signals alone. Every detail is a sentence for a salesperson: what was
 * found, in plain words, naming the domain or site it is about.
 */
final class NetworkRules {

    private static final Map<String, String> PROVIDER_NAMES = Map.ofEntries(
            Map.entry("google_workspace", "Google Workspace"), Map.entry("microsoft_365", "Microsoft 365"),
            Map.entry("zoho", "Zoho Mail"), Map.entry("proton", "Proton Mail"), Map.entry("fastmail", "Fastmail"),
            Map.entry("mimecast", "Mimecast"), Map.entry("proofpoint", "Proofpoint"),
            Map.entry("barracuda", "Barracuda"), Map.entry("amazon_workmail", "Amazon WorkMail"),
            Map.entry("rackspace", "Rackspace Email"));

    private NetworkRules() {
    }

    /** Why a website did not answer usefully, in words ({@code website_error} codes). */
    private static final Map<String, String> WEBSITE_ERRORS = Map.ofEntries(
            Map.entry("timeout", "it took too long to answer"),
            Map.entry("connect_failed", "it refused the connection"),
            Map.entry("unresolvable", "its address was not found"),
            Map.entry("tls_failed", "its secure connection (HTTPS certificate) failed"),
            Map.entry("too_many_redirects", "it redirected too many times"),
            Map.entry("bad_redirect", "it redirected to an invalid address"),
            Map.entry("protocol_error", "it did not answer as a web server should"),
            Map.entry("invalid_url", "its address is not a valid web address"));

    static List<ScoringRule> rules() {
        return List.of(
                ScoringRule.of("email_domain_missing", -35, (l, e) -> e.get(DNS_STATUS).filter("no_domain"::equals)
                        .map(s -> e.get(EMAIL_DOMAIN)
                                .map(d -> "Email domain " + d + " does not exist, so mail to this address cannot arrive")
                                .orElseGet(() -> "Company domain " + domain(e) + " does not exist on the internet"))),
                ScoringRule.of("email_domain_no_mx", -25, (l, e) -> e.get(DNS_STATUS).filter("ok"::equals)
                        .filter(s -> e.get(HAS_MX).map(v -> !v).orElse(false))
                        .map(s -> e.get(EMAIL_DOMAIN)
                                .map(d -> "Email domain " + d + " has no mail server, so it cannot receive mail")
                                .orElseGet(() -> "Company domain " + domain(e) + " has no mail server, so it receives no mail"))),
                ScoringRule.of("business_mail_provider", 5, (l, e) -> e.get(MAIL_PROVIDER)
                        .filter(p -> !e.is(FREE_EMAIL) && PROVIDER_NAMES.containsKey(p))
                        .map(p -> "Company mail is hosted by " + PROVIDER_NAMES.get(p))),
                ScoringRule.of("spf_published", 3, (l, e) -> e.is(HAS_SPF) && !e.is(FREE_EMAIL)
                        ? Optional.of("Email domain " + domain(e) + " declares which servers may send its mail (SPF),"
                                + " a sign of a well-run company domain")
                        : Optional.empty()),
                ScoringRule.of("dmarc_published", 3, (l, e) -> e.is(HAS_DMARC) && !e.is(FREE_EMAIL)
                        ? Optional.of("Email domain " + domain(e) + " protects its mail against forged senders (DMARC"
                                + e.get(DMARC_POLICY).map(p -> ", policy " + p).orElse("") + ")")
                        : Optional.empty()),
                ScoringRule.of("website_reachable", 10, (l, e) -> e.is(WEBSITE_REACHABLE)
                        ? Optional.of("Company website is online" + e.get(WEBSITE_FINAL_URL).map(u -> " at " + u).orElse(""))
                        : Optional.empty()),
                ScoringRule.when("website_https", 3, (l, e) -> e.is(WEBSITE_REACHABLE) && e.is(WEBSITE_HTTPS),
                        "Company website is served securely (HTTPS)"),
                ScoringRule.of("website_unreachable", -10, (l, e) -> e.get(WEBSITE_REACHABLE).filter(v -> !v)
                        .map(v -> "Company website did not answer usefully (" + websiteProblem(e) + ")")));
    }

    private static String websiteProblem(Enrichment e) {
        Optional<String> error = e.get(WEBSITE_ERROR);
        if (error.isPresent()) {
            return WEBSITE_ERRORS.getOrDefault(error.get(), "it could not be read");
        }
        return e.get(WEBSITE_HTTP_STATUS).map(s -> "it answered with error " + s).orElse("it could not be read");
    }

    private static String domain(Enrichment e) {
        return e.get(EMAIL_DOMAIN).or(() -> e.get(COMPANY_DOMAIN)).orElse("(unknown)");
    }
}
