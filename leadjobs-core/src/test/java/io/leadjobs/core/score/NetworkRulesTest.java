package io.leadjobs.core.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkRulesTest {

    private final RuleBasedScorer scorer = RuleBasedScorer.defaults();
    private final Lead lead = Lead.builder().email("jane@acme.test").build();

    private static Map<String, Object> business() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email_valid", true);
        m.put("email_domain", "acme.test");
        m.put("free_email", false);
        m.put("company_domain", "acme.test");
        return m;
    }

    private LeadScore score(Map<String, Object> signals) {
        return scorer.score(lead, new Enrichment(signals));
    }

    private static ScoreReason reason(LeadScore s, String rule) {
        return s.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no reason " + rule + " in " + s.reasons()));
    }

    @Test
    void aDomainWithoutMxIsAStrongNegativeNamedBySignal() {
        Map<String, Object> m = business();
        m.put("dns_status", "ok");
        m.put("has_mx", false);

        LeadScore withoutMx = score(m);

        assertThat(reason(withoutMx, "email_domain_no_mx")).satisfies(r -> {
            assertThat(r.points()).isEqualTo(-25);
            assertThat(r.detail()).isEqualTo("Email domain acme.test has no mail server, so it cannot receive mail");
        });
        assertThat(withoutMx.score()).isLessThan(score(business()).score());
    }

    @Test
    void aDomainThatDoesNotExistIsWorseThanOneWithoutMx() {
        Map<String, Object> m = business();
        m.put("dns_status", "no_domain");
        m.put("has_mx", false);

        LeadScore s = score(m);

        assertThat(reason(s, "email_domain_missing").points()).isEqualTo(-35);
        assertThat(reason(s, "email_domain_missing").detail())
                .isEqualTo("Email domain acme.test does not exist, so mail to this address cannot arrive");
        assertThat(s.reasons()).extracting(ScoreReason::rule).doesNotContain("email_domain_no_mx");
    }

    @Test
    void aReachableHttpsWebsiteAndMailHygieneArePositives() {
        Map<String, Object> m = business();
        m.put("dns_status", "ok");
        m.put("has_mx", true);
        m.put("mx_hosts", List.of("aspmx.l.google.com"));
        m.put("mail_provider", "google_workspace");
        m.put("has_spf", true);
        m.put("has_dmarc", true);
        m.put("dmarc_policy", "reject");
        m.put("website_reachable", true);
        m.put("website_https", true);
        m.put("website_final_url", "https://www.acme.test/");

        LeadScore s = score(m);

        assertThat(reason(s, "website_reachable")).extracting(ScoreReason::points, ScoreReason::detail)
                .containsExactly(10, "Company website is online at https://www.acme.test/");
        assertThat(reason(s, "website_https").points()).isEqualTo(3);
        assertThat(reason(s, "business_mail_provider").detail())
                .isEqualTo("Company mail is hosted by Google Workspace");
        assertThat(reason(s, "spf_published").detail()).isEqualTo("Email domain acme.test declares which servers may"
                + " send its mail (SPF), a sign of a well-run company domain");
        assertThat(reason(s, "dmarc_published").detail())
                .isEqualTo("Email domain acme.test protects its mail against forged senders (DMARC, policy reject)");
        assertThat(reason(s, "website_https").detail()).isEqualTo("Company website is served securely (HTTPS)");
        assertThat(s.score()).isEqualTo(score(business()).score() + 10 + 3 + 5 + 3 + 3);
    }

    @Test
    void anUnreachableWebsiteIsANegativeThatSaysWhy() {
        Map<String, Object> m = business();
        m.put("website_reachable", false);
        m.put("website_error", "timeout");

        assertThat(reason(score(m), "website_unreachable").detail())
                .isEqualTo("Company website did not answer usefully (it took too long to answer)");
        Map<String, Object> notFound = business();
        notFound.put("website_reachable", false);
        notFound.put("website_http_status", 404);
        assertThat(reason(score(notFound), "website_unreachable").detail())
                .isEqualTo("Company website did not answer usefully (it answered with error 404)");
    }

    @Test
    void aLeadWithoutEmailHearsAboutItsCompanyDomainNotAnEmailDomain() {
        Lead noEmail = Lead.builder().website("https://www.gone.test").build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("company_domain", "gone.test");
        m.put("dns_status", "no_domain");
        m.put("has_mx", false);

        LeadScore s = scorer.score(noEmail, new Enrichment(m));

        assertThat(reason(s, "email_domain_missing").detail()).isEqualTo("Company domain gone.test does not exist on the internet");
        assertThat(s.reasons()).extracting(ScoreReason::detail).noneMatch(d -> d.contains("Email domain"));
        m.put("dns_status", "ok");
        assertThat(reason(scorer.score(noEmail, new Enrichment(m)), "email_domain_no_mx").detail())
                .isEqualTo("Company domain gone.test has no mail server, so it receives no mail");
    }

    @Test
    void noReasonSpeaksInSignalNames() {
        Map<String, Object> m = business();
        m.put("dns_status", "ok");
        m.put("has_mx", true);
        m.put("mail_provider", "microsoft_365");
        m.put("has_spf", true);
        m.put("has_dmarc", true);
        m.put("dmarc_policy", "quarantine");
        m.put("website_reachable", false);
        m.put("website_error", "connect_failed");
        m.put("seniority", "director");
        m.put("department", "executive");

        assertThat(score(m).reasons()).isNotEmpty().allSatisfy(r -> assertThat(r.detail())
                .as(r.rule()).doesNotContainPattern("[a-z]+_[a-z]+").doesNotContain(" = "));
    }

    @Test
    void noReasonOfTheSecondLevelSignalsSpeaksInSignalNames() {
        for (String verdict : java.util.List.of("deliverable", "undeliverable", "mailbox_full", "disabled", "catch_all")) {
            Map<String, Object> m = business();
            m.put("email_suggestion", "jane@gmail.com");
            m.put("smtp_verdict", verdict);
            m.put("smtp_reply_code", 550);
            m.put("domain_age_days", verdict.equals("deliverable") ? 20 : 4000);
            m.put("domain_registered_at", "2015-01-02T00:00:00Z");
            m.put("website_parked", verdict.equals("disabled"));
            m.put("website_description", "Industrial widgets");
            m.put("social_profiles", java.util.List.of("https://github.com/acme"));

            assertThat(score(m).reasons()).as(verdict).hasSizeGreaterThan(3).allSatisfy(r -> assertThat(r.detail())
                    .as(r.rule()).doesNotContainPattern("[a-z]+_[a-z]+").doesNotContain(" = "));
        }
    }

    @Test
    void freeMailDomainsEarnNoMailHygienePoints() {
        Map<String, Object> m = business();
        m.put("email_domain", "gmail.com");
        m.put("free_email", true);
        m.put("dns_status", "ok");
        m.put("has_mx", true);
        m.put("mail_provider", "google_workspace");
        m.put("has_spf", true);
        m.put("has_dmarc", true);

        assertThat(score(m).reasons()).extracting(ScoreReason::rule)
                .doesNotContain("business_mail_provider", "spf_published", "dmarc_published");
    }

    @Test
    void withoutNetworkSignalsTheScoreIsTheOfflineScore() {
        Map<String, Object> m = business();
        m.put("dns_status", "unavailable");
        m.put("website_error", "unavailable");

        LeadScore s = score(m);

        assertThat(s.score()).isEqualTo(score(business()).score());
        assertThat(s.reasons()).extracting(ScoreReason::rule).doesNotContain(
                "email_domain_no_mx", "email_domain_missing", "website_reachable", "website_unreachable");
    }
}
