package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LeadScore;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.spi.LeadEnricher;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domain age from an RDAP server on loopback (the JDK HttpServer answering RDAP domain objects). */
class RdapEnricherTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private LocalHttpServer rdap;

    @BeforeEach
    void start() throws Exception {
        rdap = new LocalHttpServer();
    }

    @AfterEach
    void stop() throws Exception {
        rdap.close();
    }

    private static LocalHttpServer.Reply domainObject(String name, String registered) {
        String json = "{\"objectClassName\":\"domain\",\"ldhName\":\"" + name.toUpperCase() + "\","
                + "\"events\":[{\"eventAction\":\"last changed\",\"eventDate\":\"2025-01-01T00:00:00Z\"},"
                + "{\"eventAction\":\"registration\",\"eventDate\":\"" + registered + "\"},"
                + "{\"eventAction\":\"expiration\",\"eventDate\":\"2030-01-01T00:00:00Z\"}]}";
        return new LocalHttpServer.Reply(200, Map.of("Content-Type", "application/rdap+json"),
                json.getBytes(StandardCharsets.UTF_8), false);
    }

    private RdapEnricher.Builder enricher() {
        return RdapEnricher.builder().baseUrl(rdap.url("/")).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .backoff(Duration.ZERO);
    }

    private static Enrichment enrich(String email, LeadEnricher rdapEnricher) throws Exception {
        List<LeadEnricher> all = new ArrayList<>(Enrichers.defaults());
        all.add(rdapEnricher);
        return new TestJob().enrich(Lead.builder().email(email).build(), all.toArray(LeadEnricher[]::new));
    }

    @Test
    void recordsTheRegistrationDateAndTheAgeInDays() throws Exception {
        rdap.route("/domain/acme.test", domainObject("acme.test", "2026-11-17T08:30:00Z"));

        Enrichment e = enrich("jane@acme.test", enricher().build());

        assertThat(e.get(OsintSignals.DOMAIN_REGISTERED_AT)).contains("2026-11-17T08:30:00Z");
        assertThat(e.get(OsintSignals.DOMAIN_AGE_DAYS)).contains(20);
    }

    @Test
    void asksAboutTheRegistrableDomainOncePerDomain() throws Exception {
        rdap.route("/domain/acme.com", domainObject("acme.com", "2001-03-04T00:00:00+01:00"));
        RdapEnricher enricher = enricher().build();

        Enrichment first = enrich("jane@acme.com", enricher);
        Enrichment second = enrich("bob@eu.mail.acme.com", enricher);
        enrich("ann@ACME.COM", enricher);

        assertThat(rdap.hits("/domain/acme.com")).isEqualTo(1);
        assertThat(rdap.requests()).isEqualTo(1);
        assertThat(first.get(OsintSignals.DOMAIN_REGISTERED_AT)).contains("2001-03-03T23:00:00Z");
        assertThat(second.get(OsintSignals.DOMAIN_AGE_DAYS)).isEqualTo(first.get(OsintSignals.DOMAIN_AGE_DAYS));
    }

    @Test
    void withoutTheCacheEveryLeadAsks() throws Exception {
        rdap.route("/domain/acme.test", domainObject("acme.test", "2001-03-04T00:00:00Z"));
        RdapEnricher enricher = enricher().cacheTtl(Duration.ZERO).build();

        enrich("jane@acme.test", enricher);
        enrich("bob@acme.test", enricher);

        assertThat(rdap.hits("/domain/acme.test")).isEqualTo(2);
    }

    @Test
    void anUnknownDomainGetsNoSignalAndIsAskedOnce() throws Exception {
        RdapEnricher enricher = enricher().build();

        Enrichment e = enrich("jane@nobody.test", enricher);
        enrich("bob@nobody.test", enricher);

        assertThat(e.get(OsintSignals.DOMAIN_REGISTERED_AT)).isEmpty();
        assertThat(e.get(OsintSignals.DOMAIN_AGE_DAYS)).isEmpty();
        assertThat(rdap.hits("/domain/nobody.test")).isEqualTo(1);
    }

    @Test
    void freeMailDomainsAreNotLookedUp() throws Exception {
        Enrichment e = enrich("jane@gmail.com", enricher().build());

        assertThat(e.get(OsintSignals.DOMAIN_AGE_DAYS)).isEmpty();
        assertThat(rdap.requests()).isZero();
    }

    @Test
    void followsTheRegistrysRedirect() throws Exception {
        rdap.route("/domain/acme.test", LocalHttpServer.Reply.redirect(302, rdap.url("/registry/domain/acme.test")))
                .route("/registry/domain/acme.test", domainObject("acme.test", "2020-01-01T00:00:00Z"));

        Enrichment e = enrich("jane@acme.test", enricher().allowPrivateAddresses(true).build());

        assertThat(e.get(OsintSignals.DOMAIN_REGISTERED_AT)).contains("2020-01-01T00:00:00Z");
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedUnlessAllowed() throws Exception {
        rdap.route("/domain/acme.test", LocalHttpServer.Reply.redirect(302, rdap.url("/registry/domain/acme.test")))
                .route("/registry/domain/acme.test", domainObject("acme.test", "2020-01-01T00:00:00Z"));

        Enrichment e = enrich("jane@acme.test", enricher().build());

        assertThat(e.get(OsintSignals.DOMAIN_REGISTERED_AT)).isEmpty();
        assertThat(rdap.hits("/registry/domain/acme.test")).isZero();
    }

    @Test
    void aRegistryThatDoesNotAnswerDegradesWithOneWarningAndOpensTheBreaker() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FakeTicker ticker = new FakeTicker();
            RdapEnricher enricher = RdapEnricher.builder().baseUrl("http://127.0.0.1:" + silent.getLocalPort() + "/")
                    .readTimeout(Duration.ofMillis(200)).requestTimeout(Duration.ofMillis(400)).retries(0)
                    .failureThreshold(2).ticker(ticker).build();
            TestJob job = new TestJob();

            for (int i = 0; i < 5; i++) {
                Enrichment e = job.enrich(Lead.builder().email("jane@acme" + i + ".test").build(),
                        Enrichers.emailSyntax(), Enrichers.freeMail(), enricher);
                assertThat(e.get(OsintSignals.DOMAIN_AGE_DAYS)).isEmpty();
            }

            assertThat(job.log()).hasSize(1);
            assertThat(job.log().get(0).level()).isEqualTo(LogLevel.WARN);
            assertThat(job.log().get(0).message()).startsWith("RDAP lookups are unavailable")
                    .contains("scored without domain age");
            assertThat(((RdapDomainAgeEnricher) enricher).breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void theShippedBootstrapNamesTheRegistriesOfCommonTlds() {
        RdapBootstrap b = RdapBootstrap.shipped();

        assertThat(b.serverFor("acme.com")).contains(URI.create("https://rdap.verisign.com/com/v1/"));
        assertThat(b.serverFor("acme.org")).contains(URI.create("https://rdap.publicinterestregistry.org/rdap/"));
        assertThat(b.serverFor("shop.acme.co.uk")).contains(URI.create("https://rdap.nominet.uk/uk/"));
        assertThat(b.serverFor("acme.invalid")).isEmpty();
        assertThat(b.publication()).isNotBlank();
    }

    @Test
    void aDomainWhoseTldHasNoRdapServerIsNotAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dns.json");
        Files.writeString(file, "{\"version\":\"1.0\",\"publication\":\"2026-12-01T00:00:00Z\",\"services\":["
                + "[[\"test\"],[\"" + rdap.url("/") + "\"]]]}");
        rdap.route("/domain/acme.test", domainObject("acme.test", "2020-01-01T00:00:00Z"));
        RdapEnricher enricher = RdapEnricher.builder().bootstrap(file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

        Enrichment known = enrich("jane@acme.test", enricher);
        Enrichment unknown = enrich("jane@acme.example", enricher);

        assertThat(known.get(OsintSignals.DOMAIN_REGISTERED_AT)).contains("2020-01-01T00:00:00Z");
        assertThat(unknown.get(OsintSignals.DOMAIN_REGISTERED_AT)).isEmpty();
        assertThat(rdap.requests()).isEqualTo(1);
    }

    @Test
    void aMalformedBootstrapFileIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dns.json");
        Files.writeString(file, "{\n  \"services\": [\n    [[\"com\"], [\"https://x/\"]],,\n  ]\n}\n");

        assertThatThrownBy(() -> RdapEnricher.builder().bootstrap(file))
                .isInstanceOf(LeadJobsException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 3");
        assertThatThrownBy(() -> RdapBootstrap.parse(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), "x.json"))
                .hasMessageContaining("no \"services\" array");
    }

    @Test
    void aBaseUrlMustBeAnHttpUrl() {
        assertThatThrownBy(() -> RdapEnricher.builder().baseUrl("ftp://rdap.example/"))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("baseUrl");
    }

    @Test
    void aYoungDomainScoresLowerThanAnEstablishedOne() {
        RuleBasedScorer scorer = RuleBasedScorer.defaults();
        Lead lead = Lead.builder().email("jane@acme.test").build();
        LeadScore young = scorer.score(lead, new Enrichment(Map.of("company_domain", "acme.test",
                "domain_registered_at", "2026-11-17T08:30:00Z", "domain_age_days", 20)));
        LeadScore old = scorer.score(lead, new Enrichment(Map.of("company_domain", "acme.test",
                "domain_registered_at", "2001-03-04T00:00:00Z", "domain_age_days", 9409)));
        LeadScore middle = scorer.score(lead, new Enrichment(Map.of("company_domain", "acme.test",
                "domain_age_days", 400)));

        assertThat(young.reasons()).contains(new ScoreReason("domain_new", -15,
                "Company domain acme.test was registered only 20 days ago, on 2026-11-17"));
        assertThat(old.reasons()).contains(new ScoreReason("domain_established", 3,
                "Company domain acme.test has been registered for 25 years, since 2001-03-04"));
        assertThat(middle.reasons()).extracting(ScoreReason::rule).doesNotContain("domain_new", "domain_established");
        assertThat(young.score()).isLessThan(middle.score());
        assertThat(middle.score()).isLessThan(old.score());
    }
}
