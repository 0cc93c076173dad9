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
 * resolver down) is scored on its offline signals alone. Every detail names the signals it read.
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

    static List<ScoringRule> rules() {
        return List.of(
                ScoringRule.of("email_domain_missing", -35, (l, e) -> e.get(DNS_STATUS).filter("no_domain"::equals)
                        .map(s -> "Email domain " + domain(e) + " does not exist in DNS (dns_status = no_domain)")),
                ScoringRule.of("email_domain_no_mx", -25, (l, e) -> e.get(DNS_STATUS).filter("ok"::equals)
                        .filter(s -> e.get(HAS_MX).map(v -> !v).orElse(false))
                        .map(s -> "Email domain " + domain(e) + " has no MX record, so it cannot receive mail (has_mx = false)")),
                ScoringRule.of("business_mail_provider", 5, (l, e) -> e.get(MAIL_PROVIDER)
                        .filter(p -> !e.is(FREE_EMAIL) && PROVIDER_NAMES.containsKey(p))
                        .map(p -> "Company mail is hosted by " + PROVIDER_NAMES.get(p) + " (mail_provider = " + p + ")")),
                ScoringRule.of("spf_published", 3, (l, e) -> e.is(HAS_SPF) && !e.is(FREE_EMAIL)
                        ? Optional.of("Email domain " + domain(e) + " publishes an SPF policy (has_spf = true)")
                        : Optional.empty()),
                ScoringRule.of("dmarc_published", 3, (l, e) -> e.is(HAS_DMARC) && !e.is(FREE_EMAIL)
                        ? Optional.of("Email domain " + domain(e) + " publishes a DMARC policy (has_dmarc = true"
                                + e.get(DMARC_POLICY).map(p -> ", dmarc_policy = " + p).orElse("") + ")")
                        : Optional.empty()),
                ScoringRule.of("website_reachable", 10, (l, e) -> e.is(WEBSITE_REACHABLE)
                        ? Optional.of("Company website answers at " + e.get(WEBSITE_FINAL_URL).orElse("its address")
                                + " (website_reachable = true)")
                        : Optional.empty()),
                ScoringRule.when("website_https", 3, (l, e) -> e.is(WEBSITE_REACHABLE) && e.is(WEBSITE_HTTPS),
                        "Company website is served over HTTPS (website_https = true)"),
                ScoringRule.of("website_unreachable", -10, (l, e) -> e.get(WEBSITE_REACHABLE).filter(v -> !v)
                        .map(v -> "Company website did not answer usefully (website_reachable = false"
                                + e.get(WEBSITE_HTTP_STATUS).map(s -> ", website_http_status = " + s).orElse("")
                                + e.get(WEBSITE_ERROR).map(s -> ", website_error = " + s).orElse("") + ")")));
    }

    private static String domain(Enrichment e) {
        return e.get(EMAIL_DOMAIN).or(() -> e.get(COMPANY_DOMAIN)).orElse("(unknown)");
    }
}
