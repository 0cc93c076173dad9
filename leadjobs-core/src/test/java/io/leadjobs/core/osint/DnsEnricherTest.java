package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LogLevel;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

class DnsEnricherTest {

    private LocalDnsServer dns;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        dns = new LocalDnsServer();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        dns.close();
        assertThat(dns.errors()).isEmpty();
    }

    private DnsEnricher.Builder enricher() {
        return DnsEnricher.builder().resolver(dns.hostPort()).timeout(Duration.ofSeconds(2)).backoff(Duration.ZERO);
    }

    private static Lead lead(String email) {
        return Lead.builder().email(email).build();
    }

    @Test
    void recordsMxProviderAddressSpfAndDmarcOfTheEmailDomain() throws Exception {
        dns.mx("acme.test", 20, "alt1.aspmx.l.google.com")
                .mx("acme.test", 10, "aspmx.l.google.com")
                .a("acme.test", "192.0.2.10")
                .txt("acme.test", "google-site-verification=abc")
                .txt("acme.test", "v=spf1 include:_spf.google.com ~all")
                .txt("_dmarc.acme.test", "v=DMARC1; p=quarantine; rua=mailto:d@acme.test");

        Enrichment e = new TestJob().enrich(lead("Jane@ACME.test"), enricher().build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("ok");
        assertThat(e.get(OsintSignals.HAS_MX)).contains(true);
        assertThat(e.get(OsintSignals.MX_HOSTS)).contains(List.of("aspmx.l.google.com", "alt1.aspmx.l.google.com"));
        assertThat(e.get(OsintSignals.MAIL_PROVIDER)).contains("google_workspace");
        assertThat(e.get(OsintSignals.DOMAIN_RESOLVES)).contains(true);
        assertThat(e.get(OsintSignals.HAS_SPF)).contains(true);
        assertThat(e.get(OsintSignals.HAS_DMARC)).contains(true);
        assertThat(e.get(OsintSignals.DMARC_POLICY)).contains("quarantine");
    }

    @ParameterizedTest
    @CsvSource({
        "acme-test.mail.protection.outlook.com, microsoft_365",
        "ASPMX.L.GOOGLE.COM, google_workspace",
        "mx.zoho.eu, zoho",
        "in1-smtp.messagingengine.com, fastmail",
        "mail.protonmail.ch, proton",
        "mxa-001.pphosted.com, proofpoint",
        "eu-smtp-inbound-1.mimecast.com, mimecast",
        "mail.acme.test, self_hosted",
        "mx.example-isp.net, other",
        "mx.notgoogle.com, other"})
    void recognisesTheMailProviderFromTheMxHost(String mxHost, String provider) throws Exception {
        dns.mx("acme.test", 10, mxHost);

        Enrichment e = new TestJob().enrich(lead("a@acme.test"), enricher().build());

        assertThat(e.get(OsintSignals.MAIL_PROVIDER)).contains(provider);
    }

    @Test
    void aDomainWithAnAddressButNoMxHasNoMxAndNoProvider() throws Exception {
        dns.a("web-only.test", "2001:db8::1").txt("web-only.test", "v=spf10 not really");

        Enrichment e = new TestJob().enrich(lead("a@web-only.test"), enricher().build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("ok");
        assertThat(e.get(OsintSignals.HAS_MX)).contains(false);
        assertThat(e.get(OsintSignals.MAIL_PROVIDER)).isEmpty();
        assertThat(e.get(OsintSignals.DOMAIN_RESOLVES)).contains(true);
        assertThat(e.get(OsintSignals.HAS_SPF)).contains(false);
        assertThat(e.get(OsintSignals.HAS_DMARC)).contains(false);
        assertThat(e.get(OsintSignals.DMARC_POLICY)).isEmpty();
    }

    @Test
    void aNullMxMeansTheDomainTakesNoMail() throws Exception {
        dns.mx("nomail.test", 0, ".").a("nomail.test", "192.0.2.1");

        Enrichment e = new TestJob().enrich(lead("a@nomail.test"), enricher().build());

        assertThat(e.get(OsintSignals.HAS_MX)).contains(false);
        assertThat(e.get(OsintSignals.MX_HOSTS)).isEmpty();
    }

    @Test
    void aDomainThatDoesNotExistIsReportedAsSuch() throws Exception {
        dns.publicCanaries();

        Enrichment e = new TestJob().enrich(lead("a@nowhere.test"), enricher().build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("no_domain");
        assertThat(e.get(OsintSignals.HAS_MX)).contains(false);
        assertThat(e.get(OsintSignals.DOMAIN_RESOLVES)).contains(false);
    }

    @Test
    void aResolverThatDeniesEveryNameMakesDnsUnavailableInsteadOfEveryDomainMissing() throws Exception {
        DnsEnricher enricher = enricher().build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Lead l = lead("a@company" + (i % 20) + ".test");
            results.add(pool.submit(() -> job.enrich(l, enricher)));
        }
        for (Future<Enrichment> f : results) {
            Enrichment e = f.get();
            assertThat(e.get(OsintSignals.DNS_STATUS)).contains("unavailable");
            assertThat(e.get(OsintSignals.HAS_MX)).isEmpty();
            assertThat(e.get(OsintSignals.DOMAIN_RESOLVES)).isEmpty();
        }
        assertThat(job.log()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(LogLevel.WARN);
            assertThat(line.message()).contains("DNS lookups are unavailable",
                    "says that even gmail.com, outlook.com and yahoo.com do not exist");
        });
        // one check of the canaries serves every lead while the verdict is fresh, and the leads after it do not
        // ask the resolver at all (it would only deny again): at most the lookups in flight before the verdict
        assertThat(dns.queries("gmail.com", Type.MX)).isEqualTo(1);
        assertThat(dns.queries()).isLessThan(60 * 5);
        int asked = dns.queries();
        job.enrich(lead("a@later.test"), enricher);
        assertThat(dns.queries()).as("a lead after the verdict costs no question").isEqualTo(asked);
    }

    @Test
    void aCanaryThatExistsIsEnoughToBelieveTheResolver() throws Exception {
        dns.mx("yahoo.com", 1, "mta5.am0.yahoodns.net");

        Enrichment e = new TestJob().enrich(lead("a@nowhere.test"), enricher().build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("no_domain");
    }

    @Test
    void theCanaryVerdictIsCheckedAgainAfterItsTtl() throws Exception {
        FakeTicker clock = new FakeTicker();
        DnsEnricher enricher = enricher().ticker(clock).cacheTtl(Duration.ZERO).canaryTtl(Duration.ofMinutes(5)).build();
        TestJob job = new TestJob();

        assertThat(job.enrich(lead("a@nowhere.test"), enricher).get(OsintSignals.DNS_STATUS)).contains("unavailable");
        dns.publicCanaries();
        clock.advance(Duration.ofMinutes(1));
        assertThat(job.enrich(lead("a@nowhere.test"), enricher).get(OsintSignals.DNS_STATUS)).contains("unavailable");
        clock.advance(Duration.ofMinutes(5));
        assertThat(job.enrich(lead("a@nowhere.test"), enricher).get(OsintSignals.DNS_STATUS)).contains("no_domain");
    }

    @Test
    void withoutCanariesEveryNoSuchDomainIsBelieved() throws Exception {
        Enrichment e = new TestJob().enrich(lead("a@nowhere.test"), enricher().canaryDomains(List.of()).build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("no_domain");
        assertThat(dns.queries("gmail.com", Type.MX)).isZero();
    }

    @Test
    void joinsTheStringsOfOneTxtRecordBeforeLookingForSpf() throws Exception {
        dns.mx("split.test", 5, "mx.split.test").txt("split.test", "v=spf1 ip4:192.0.2.0/24 ", "include:x.test -all");

        Enrichment e = new TestJob().enrich(lead("a@split.test"), enricher().build());

        assertThat(e.get(OsintSignals.HAS_SPF)).contains(true);
    }

    @Test
    void readsAnswersTooLargeForUdpOverTcp() throws Exception {
        dns.mx("big.test", 10, "mx.big.test");
        for (int i = 0; i < 20; i++) {
            dns.txt("big.test", "verification-token-" + i + "=" + "x".repeat(80));
        }
        dns.txt("big.test", "v=spf1 -all");

        Enrichment e = new TestJob().enrich(lead("a@big.test"), enricher().build());

        assertThat(e.get(OsintSignals.HAS_SPF)).contains(true);
        assertThat(dns.tcpQueries()).isPositive();
    }

    @Test
    void retriesServfailThenRecordsTheLookupAsFailedWithoutTrippingTheBreaker() throws Exception {
        dns.servfail("broken.test").mx("fine.test", 10, "mx.fine.test");
        DnsEnricher enricher = enricher().retries(2).failureThreshold(1).build();
        TestJob job = new TestJob();

        Enrichment broken = job.enrich(lead("a@broken.test"), enricher);
        Enrichment fine = job.enrich(lead("a@fine.test"), enricher);

        assertThat(dns.queries("broken.test", Type.MX)).isEqualTo(3);
        assertThat(broken.get(OsintSignals.DNS_STATUS)).contains("failed");
        assertThat(broken.get(OsintSignals.HAS_MX)).isEmpty();
        assertThat(fine.get(OsintSignals.HAS_MX)).contains(true);
    }

    @Test
    void aThousandLeadsAtOneCompanyCostOneLookup() throws Exception {
        dns.mx("big-co.test", 10, "mx.big-co.test").delay(Duration.ofMillis(20));
        DnsEnricher enricher = enricher().build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Lead l = lead("person" + i + "@big-co.test");
            results.add(pool.submit(() -> job.enrich(l, enricher)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.HAS_MX)).contains(true);
        }

        assertThat(dns.queries("big-co.test", Type.MX)).isEqualTo(1);
        assertThat(dns.queries()).isEqualTo(5);
    }

    @Test
    void theCacheIsSharedAcrossJobs() throws Exception {
        dns.mx("acme.test", 10, "mx.acme.test");
        DnsEnricher enricher = enricher().build();

        new TestJob().enrich(lead("a@acme.test"), enricher);
        new TestJob().enrich(lead("b@acme.test"), enricher);

        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(1);
    }

    @Test
    void withTheCacheOffEveryLeadIsLookedUp() throws Exception {
        dns.mx("acme.test", 10, "mx.acme.test");
        DnsEnricher enricher = enricher().cacheTtl(Duration.ZERO).build();
        TestJob job = new TestJob();

        for (int i = 0; i < 20; i++) {
            job.enrich(lead(i + "@acme.test"), enricher);
        }

        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(20);
    }

    @Test
    void negativeAnswersAreCachedForTheShorterNegativeTtl() throws Exception {
        dns.publicCanaries().mx("acme.test", 10, "mx.acme.test").a("acme.test", "192.0.2.1")
                .txt("acme.test", "v=spf1 -all").txt("_dmarc.acme.test", "v=DMARC1; p=reject");
        FakeTicker clock = new FakeTicker();
        DnsEnricher enricher = enricher().ticker(clock)
                .cacheTtl(Duration.ofHours(1)).negativeCacheTtl(Duration.ofMinutes(1)).build();
        TestJob job = new TestJob();

        job.enrich(lead("a@nowhere.test"), enricher);
        job.enrich(lead("a@acme.test"), enricher);
        job.enrich(lead("b@nowhere.test"), enricher);
        assertThat(dns.queries("nowhere.test", Type.MX)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        job.enrich(lead("c@nowhere.test"), enricher);
        job.enrich(lead("b@acme.test"), enricher);

        assertThat(dns.queries("nowhere.test", Type.MX)).isEqualTo(2);
        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(1);
    }

    @Test
    void neverHasMoreQuestionsInFlightThanTheGlobalLimit() throws Exception {
        for (int i = 0; i < 40; i++) {
            dns.mx("d" + i + ".test", 10, "mx.d" + i + ".test");
        }
        dns.delay(Duration.ofMillis(20));
        DnsEnricher enricher = enricher().maxConcurrentQueries(3).build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Lead l = lead("a@d" + i + ".test");
            results.add(pool.submit(() -> job.enrich(l, enricher)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.HAS_MX)).contains(true);
        }

        assertThat(dns.maxInFlight()).isBetween(1, 3);
        assertThat(dns.queries()).isEqualTo(200);
    }

    @Test
    void neverHasMoreQuestionsAboutOneDomainInFlightThanThePerDomainLimit() throws Exception {
        dns.mx("acme.test", 10, "mx.acme.test").delay(Duration.ofMillis(10));
        DnsEnricher enricher = enricher().cacheTtl(Duration.ZERO).maxConcurrentQueriesPerDomain(2).build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Lead l = lead(i + "@acme.test");
            results.add(pool.submit(() -> job.enrich(l, enricher)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.HAS_MX)).contains(true);
        }

        assertThat(dns.maxInFlightForOneDomain()).isBetween(1, 2);
        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(24);
    }

    @Test
    void givesUpFastWhenTheResolverIsDownAndWarnsOncePerJob() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = s.getLocalPort();
        }
        DnsEnricher enricher = DnsEnricher.builder().resolver("127.0.0.1:" + closedPort)
                .timeout(Duration.ofMillis(300)).retries(1).backoff(Duration.ZERO).failureThreshold(3).build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Lead l = lead("a@company" + (i % 100) + ".test");
            results.add(pool.submit(() -> job.enrich(l, enricher)));
        }
        for (Future<Enrichment> f : results) {
            Enrichment e = f.get();
            assertThat(e.get(OsintSignals.DNS_STATUS)).contains("unavailable");
            assertThat(e.get(OsintSignals.HAS_MX)).isEmpty();
        }

        assertThat(job.log()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(LogLevel.WARN);
            assertThat(line.message()).contains("DNS lookups are unavailable", "127.0.0.1:" + closedPort);
        });
    }

    @Test
    void anUnansweringResolverIsAskedOnlyUntilTheBreakerOpens() throws Exception {
        dns.silent(true);
        int threads = 4;
        DnsEnricher enricher = enricher().timeout(Duration.ofMillis(100)).retries(1).failureThreshold(3)
                .circuitCooldown(Duration.ofHours(1)).build();
        TestJob job = new TestJob();
        ExecutorService four = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Enrichment>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Lead l = lead("a@company" + (i % 100) + ".test");
                results.add(four.submit(() -> job.enrich(l, enricher)));
            }
            for (Future<Enrichment> f : results) {
                assertThat(f.get().get(OsintSignals.DNS_STATUS)).contains("unavailable");
            }
        } finally {
            four.shutdownNow();
        }

        // without the breaker: 100 domains x 5 questions x 2 attempts = 1,000 questions
        int questionsPerLookup = 5 * 2;
        assertThat(dns.queries()).isLessThanOrEqualTo((3 + threads) * questionsPerLookup);
        assertThat(job.log()).hasSize(1);
    }

    @Test
    void probesTheResolverAgainAfterTheCooldownAndRecovers() throws Exception {
        dns.mx("acme.test", 10, "mx.acme.test").silent(true);
        FakeTicker clock = new FakeTicker();
        // the timeout is also how long the answering resolver has after the cooldown: 2 s, so that a busy machine's
        // late answer does not read as the resolver still being down (the two silent lookups cost 2 s each)
        DnsEnricher enricher = enricher().ticker(clock).timeout(Duration.ofSeconds(2)).retries(0)
                .failureThreshold(2).circuitCooldown(Duration.ofSeconds(30)).build();
        TestJob job = new TestJob();

        for (int i = 0; i < 10; i++) {
            job.enrich(lead(i + "@acme.test"), enricher);
        }
        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(2);

        dns.silent(false);
        assertThat(job.enrich(lead("x@acme.test"), enricher).get(OsintSignals.DNS_STATUS)).contains("unavailable");
        clock.advance(Duration.ofSeconds(31));
        Enrichment afterCooldown = job.enrich(lead("y@acme.test"), enricher);

        assertThat(afterCooldown.get(OsintSignals.HAS_MX)).contains(true);
        assertThat(dns.queries("acme.test", Type.MX)).isEqualTo(3);
    }

    @Test
    void leadsWithoutAUsableDomainGetNoDnsSignals() throws Exception {
        Enrichment e = new TestJob().enrich(lead("not an email"), enricher().build());

        assertThat(e.signals()).isEmpty();
        assertThat(dns.queries()).isZero();
    }

    @Test
    void rejectsBadSettingsWithASentenceNamingThem() {
        assertThatThrownBy(() -> DnsEnricher.builder().resolver("127.0.0.1:abc"))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("resolver must be host:port such as 127.0.0.1:53 or [::1]:53, was '127.0.0.1:abc'");
        assertThatThrownBy(() -> DnsEnricher.builder().resolver("127.0.0.1:70000"))
                .hasMessage("resolver's port must be between 1 and 65535, was 70000");
        assertThatThrownBy(() -> DnsEnricher.builder().timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> DnsEnricher.builder().maxConcurrentQueries(0))
                .hasMessage("maxConcurrentQueries must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> DnsEnricher.builder().canaryDomains(List.of("gmail.com", "not a domain")))
                .hasMessage("canaryDomains must be domain names such as gmail.com, was 'not a domain'");
        assertThatThrownBy(() -> DnsEnricher.builder().resolver(InetSocketAddress.createUnresolved("resolver.invalid", 53)))
                .hasMessage("resolver names a host that does not resolve: 'resolver.invalid'");
    }

    @Test
    void resolvesAnUnresolvedResolverAddressOnceSoLookupsCanBeSent() throws Exception {
        dns.mx("acme.test", 10, "mx.acme.test");
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("127.0.0.1", Integer.parseInt(
                dns.hostPort().substring(dns.hostPort().lastIndexOf(':') + 1)));

        Enrichment e = new TestJob().enrich(lead("a@acme.test"),
                DnsEnricher.builder().resolver(unresolved).backoff(Duration.ZERO).build());

        assertThat(e.get(OsintSignals.DNS_STATUS)).contains("ok");
        assertThat(e.get(OsintSignals.HAS_MX)).contains(true);
    }
}
