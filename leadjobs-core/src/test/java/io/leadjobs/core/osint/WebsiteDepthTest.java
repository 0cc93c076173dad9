package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.score.RuleBasedScorer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** website_description, website_parked, website_https and social_profiles against a local web server. */
class WebsiteDepthTest {

    private LocalHttpServer http;
    private LocalDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
        dns = new LocalDnsServer();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        dns.close();
    }

    /** The pages answer at once; the long read timeout is room for a busy machine, never waited out. */
    private WebsiteProbe probe() {
        return WebsiteProbe.builder().allowPrivateAddresses(true).dnsServer(dns.hostPort()).backoff(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(30)).retries(0).build();
    }

    private static Lead site(String website) {
        return Lead.builder().email("someone@example.test").website(website).build();
    }

    @Test
    void findsTheCompanysProfilesOnItsHomePage() throws Exception {
        dns.a("acme.test", "127.0.0.1");
        http.route("/", LocalHttpServer.Reply.html("<html><head><title>Acme</title>"
                + "<meta name=description content='Widgets for everyone'></head><body>"
                + "<a href='https://www.linkedin.com/company/acme-widgets/?trk=foot'>LinkedIn</a>"
                + "<a href=\"https://twitter.com/acmewidgets\">Twitter</a>"
                + "<a href='https://x.com/intent/tweet?text=hi'>share</a>"
                + "<a href='https://github.com/acme-widgets/widget-lib'>code</a>"
                + "<a href='https://github.com/features'>not a profile</a>"
                + "<a href='https://linkedin.com/company/acme-widgets'>again</a>"
                + "<a href='/about'>About</a><a href='mailto:x@acme.test'>mail</a>"
                + "<a href='https://www.linkedin.com/shareArticle?url=x'>share</a>"
                + "</body></html>"));

        Enrichment e = new TestJob().enrich(site("http://acme.test:" + http.port()), probe());

        assertThat(e.get(OsintSignals.SOCIAL_PROFILES)).contains(List.of(
                "https://www.linkedin.com/company/acme-widgets", "https://twitter.com/acmewidgets",
                "https://github.com/acme-widgets"));
        assertThat(e.get(OsintSignals.WEBSITE_DESCRIPTION)).contains("Widgets for everyone");
        assertThat(e.get(OsintSignals.WEBSITE_HTTPS)).contains(false);
        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).contains(false);
    }

    @Test
    void resolvesRelativeAndBaseLinksAsABrowserWould() {
        HomePage page = HomePage.read("<base href='https://github.com/'><a href='acme'>us</a>"
                + "<a href='//x.com/acme_hq'>x</a><A HREF=https://www.LinkedIn.com/in/jane-doe>ceo</A>",
                URI.create("http://acme.test/"));

        assertThat(page.socialProfiles()).containsExactly("https://github.com/acme", "https://x.com/acme_hq",
                "https://www.linkedin.com/in/jane-doe");
        assertThat(page.parked()).isFalse();
    }

    @Test
    void aPageWithoutProfileLinksHasNoSocialProfilesSignal() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>Plain</title><a href='https://example.org/'>x</a>"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), probe());

        assertThat(e.get(OsintSignals.SOCIAL_PROFILES)).isEmpty();
        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).contains(false);
    }

    @Test
    void recognisesAForSalePage() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<html><head><title>acme.test</title></head><body>"
                + "<h1>acme.test</h1><p>This domain   is for SALE! Make an offer today.</p></body></html>"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), probe());

        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).contains(true);
        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
    }

    @Test
    void recognisesAParkingServicesScript() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<html><head><title>Related searches</title>"
                + "<script src='https://www.parkingcrew.net/js/park.js'></script></head><body>Related links</body></html>"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), probe());

        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).contains(true);
    }

    @Test
    void aRedirectToADomainMarketplaceIsParked() throws Exception {
        dns.a("acme.test", "127.0.0.1").a("sedo.com", "127.0.0.1");
        http.route("/", LocalHttpServer.Reply.redirect(302, "http://sedo.com:" + http.port() + "/search/details/"))
                .route("/search/details", LocalHttpServer.Reply.html("<title>Sedo</title><p>Welcome</p>"));

        Enrichment e = new TestJob().enrich(site("http://acme.test:" + http.port()), probe());

        assertThat(e.get(OsintSignals.WEBSITE_FINAL_URL)).contains("http://sedo.com:" + http.port() + "/search/details/");
        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).contains(true);
    }

    @Test
    void anOrdinaryPageThatMentionsDomainsIsNotParked() {
        HomePage page = HomePage.read("<title>Acme Registrar</title><p>We help you register domains and run"
                + " your website. <a href='https://dan.com/'>our partner</a></p>", URI.create("https://acme.test/"));

        assertThat(page.parked()).isFalse();
    }

    @Test
    void aNonHtmlAnswerGetsNoParkedVerdict() throws Exception {
        http.route("/", new LocalHttpServer.Reply(200, Map.of("Content-Type", "application/json"),
                "{\"domain is for sale\":true}".getBytes(StandardCharsets.UTF_8), false));

        Enrichment e = new TestJob().enrich(site(http.url("/")), probe());

        assertThat(e.get(OsintSignals.WEBSITE_PARKED)).isEmpty();
        assertThat(e.get(OsintSignals.SOCIAL_PROFILES)).isEmpty();
    }

    @Test
    void theScorerNamesTheProfilesAndMarksDownAParkedSite() {
        RuleBasedScorer scorer = RuleBasedScorer.defaults();
        Lead lead = Lead.builder().email("jane@acme.test").build();
        LeadScore live = scorer.score(lead, new Enrichment(Map.of("website_reachable", true,
                "website_final_url", "https://acme.test/", "website_description", "Widgets for everyone",
                "website_parked", false, "social_profiles", List.of("https://www.linkedin.com/company/acme",
                        "https://github.com/acme", "https://x.com/acme"))));
        LeadScore parked = scorer.score(lead, new Enrichment(Map.of("website_reachable", true,
                "website_final_url", "https://acme.test/", "website_parked", true)));

        assertThat(reason(live, "social_profiles")).isEqualTo(new ScoreReason("social_profiles", 5,
                "Company website links to its profiles on LinkedIn, GitHub and X:"
                        + " https://www.linkedin.com/company/acme, https://github.com/acme, https://x.com/acme"));
        assertThat(reason(live, "website_description")).isEqualTo(new ScoreReason("website_description", 2,
                "Company website describes itself as: Widgets for everyone"));
        assertThat(live.reasons()).extracting(ScoreReason::rule).doesNotContain("website_parked");
        assertThat(reason(parked, "website_parked")).isEqualTo(new ScoreReason("website_parked", -25,
                "Company website is a parked or for-sale page, not a running business (https://acme.test/)"));
        assertThat(parked.score()).isLessThan(live.score());
    }

    private static ScoreReason reason(LeadScore s, String rule) {
        return s.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no reason " + rule + " in " + s.reasons()));
    }
}
