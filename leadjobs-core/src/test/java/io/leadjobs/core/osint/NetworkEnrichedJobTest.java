package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadResult;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The network enrichers inside a real job: wired by {@link OsintEnrichers}, scored by the default model. */
class NetworkEnrichedJobTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<JobUpdate> updates = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private JobService service(List<LeadEnricher> enrichers) {
        JobService s = JobService.builder().enrichers(enrichers).batchSize(50).build();
        closing.add(s);
        s.events().addListener(updates::add);
        s.start();
        return s;
    }

    private List<JobUpdate> of(UUID job) {
        return updates.stream().filter(u -> u.jobId().equals(job)).toList();
    }

    private void awaitCompletion(UUID job) {
        await().atMost(Duration.ofSeconds(60)).until(() -> of(job).stream().anyMatch(u -> u instanceof CompleteUpdate));
        assertThat(of(job).stream().filter(u -> u instanceof CompleteUpdate).map(u -> ((CompleteUpdate) u).status()))
                .containsExactly(JobStatus.COMPLETED);
    }

    private List<LogUpdate> warnings(UUID job) {
        return of(job).stream().filter(u -> u instanceof LogUpdate l && l.log().level() == LogLevel.WARN)
                .map(u -> (LogUpdate) u).toList();
    }

    @Test
    void scoresLeadsOnDnsAndWebsiteSignalsWithReasonsNamingThem() throws Exception {
        LocalDnsServer dns = new LocalDnsServer();
        closing.add(dns);
        LocalHttpServer http = new LocalHttpServer();
        closing.add(http);
        http.route("/", LocalHttpServer.Reply.html("<title>Acme Widgets</title>"));
        dns.mx("acme.test", 10, "acme-test.mail.protection.outlook.com").a("acme.test", "127.0.0.1")
                .txt("acme.test", "v=spf1 include:spf.protection.outlook.com -all")
                .a("www.acme.test", "127.0.0.1")
                .a("nomail.test", "127.0.0.1")
                .publicCanaries();
        JobService service = service(OsintEnrichers.builder().dnsServer(dns.hostPort()).allowPrivateAddresses(true)
                .configureWebsiteProbe(p -> p.connectTimeout(Duration.ofSeconds(2)))
                .buildWithOfflineEnrichers());
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            leads.add(Lead.builder().email("p" + i + "@acme.test").website("http://www.acme.test:" + http.port()).build());
            leads.add(Lead.builder().email("p" + i + "@nomail.test").build());
        }

        Job job = service.submit("alice", JobRequest.of("network", leads));
        awaitCompletion(job.id());

        List<LeadResult> results = service.results("alice", job.id(), 0, 1_000);
        LeadResult acme = results.get(0);
        assertThat(acme.enrichment().get(OsintSignals.MAIL_PROVIDER)).contains("microsoft_365");
        assertThat(acme.enrichment().get(OsintSignals.WEBSITE_TITLE)).contains("Acme Widgets");
        assertThat(acme.score().reasons()).extracting(ScoreReason::rule)
                .contains("business_mail_provider", "spf_published", "website_reachable");
        LeadResult noMail = results.get(1);
        assertThat(noMail.score().reasons()).filteredOn(r -> r.rule().equals("email_domain_no_mx")).singleElement()
                .extracting(ScoreReason::detail).asString().isEqualTo("Email domain nomail.test has no mail server, so it cannot receive mail");
        assertThat(acme.score().score()).isGreaterThan(noMail.score().score());
        assertThat(http.requests()).isEqualTo(1);
        assertThat(dns.queries("acme.test", org.xbill.DNS.Type.MX)).isEqualTo(1);
        assertThat(warnings(job.id())).isEmpty();
    }

    @Test
    void withTheNetworkAbsentAJobOfManyLeadsCompletesOnOfflineSignalsWithOneWarningPerEnricher() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = s.getLocalPort();
        }
        JobService service = service(OsintEnrichers.builder().dnsServer("127.0.0.1:" + closedPort)
                .configureDns(d -> d.timeout(Duration.ofMillis(300)))
                .configureWebsiteProbe(p -> p.connectTimeout(Duration.ofMillis(300)))
                .buildWithOfflineEnrichers());
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            leads.add(Lead.builder().email("person" + i + "@company" + (i % 250) + ".test").title("VP Sales").build());
        }

        Job job = service.submit("alice", JobRequest.of("offline", leads));
        awaitCompletion(job.id());

        List<LeadResult> results = service.results("alice", job.id(), 0, 1_000);
        assertThat(results).hasSize(1_000).allSatisfy(r -> {
            assertThat(r.enrichment().get(OsintSignals.DNS_STATUS)).contains("unavailable");
            assertThat(r.enrichment().get(OsintSignals.WEBSITE_ERROR)).contains("unavailable");
            assertThat(r.score().reasons()).extracting(ScoreReason::rule).contains("seniority_vp")
                    .doesNotContain("email_domain_no_mx", "website_unreachable");
        });
        assertThat(warnings(job.id())).extracting(l -> l.log().message()).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("DNS lookups are unavailable"),
                m -> assertThat(m).startsWith("Website probes are unavailable"));
    }

    @Test
    void aResolverThatDeniesEveryNameScoresEveryLeadAsWithDnsOffAndTheJobLogSaysWhy() throws Exception {
        LocalDnsServer dns = new LocalDnsServer();
        closing.add(dns);
        JobService lying = service(OsintEnrichers.builder().dnsServer(dns.hostPort()).allowPrivateAddresses(true)
                .configureWebsiteProbe(p -> p.connectTimeout(Duration.ofSeconds(2)))
                .buildWithOfflineEnrichers());
        JobService offline = service(OsintEnrichers.builder().dns(false).websiteProbe(false).buildWithOfflineEnrichers());
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            leads.add(Lead.builder().email("p" + i + "@company" + (i % 40) + ".test").title(i % 2 == 0 ? "VP Sales" : "Engineer")
                    .website("https://www.company" + (i % 40) + ".test").build());
            leads.add(Lead.builder().email("p" + i + "@gmail.com").firstName("Person" + i).build());
        }

        Job withLyingDns = lying.submit("alice", JobRequest.of("lying", leads));
        awaitCompletion(withLyingDns.id());
        Job withoutDns = offline.submit("alice", JobRequest.of("offline", leads));
        awaitCompletion(withoutDns.id());

        List<LeadResult> lied = lying.results("alice", withLyingDns.id(), 0, 1_000);
        List<LeadResult> off = offline.results("alice", withoutDns.id(), 0, 1_000);
        assertThat(lied).hasSize(leads.size());
        for (int i = 0; i < leads.size(); i++) {
            assertThat(lied.get(i).score().score()).as("score of lead %d", i).isEqualTo(off.get(i).score().score());
            assertThat(lied.get(i).score().reasons()).as("reasons of lead %d", i)
                    .isEqualTo(off.get(i).score().reasons());
            assertThat(lied.get(i).enrichment().get(OsintSignals.DNS_STATUS)).contains("unavailable");
        }
        assertThat(warnings(withLyingDns.id())).extracting(l -> l.log().message())
                .anySatisfy(m -> assertThat(m).startsWith("DNS lookups are unavailable")
                        .contains("says that even gmail.com, outlook.com and yahoo.com do not exist"));
    }
}
