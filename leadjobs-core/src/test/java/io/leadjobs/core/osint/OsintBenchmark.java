package io.leadjobs.core.osint;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.JobService;
import io.leadjobs.core.Lead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wall time of one job of 10,000 leads over 500 company domains, DNS enricher and website probe on,
 * against a local DNS server and a local HTTP server that both answer after 20 ms; in the SMTP scenarios the
 * SMTP verifier too, against a local SMTP server that answers every line after 50 ms and knows no address (each
 * RCPT gets 550, so each conversation is a full one: greeting, EHLO, MAIL FROM, RCPT TO, QUIT). Run with
 * <pre>
 * mvn -B -q -pl leadjobs-core test-compile exec:java -Dexec.mainClass=io.leadjobs.core.osint.OsintBenchmark -Dexec.classpathScope=test
 * </pre>
 * (arguments, if any, pick scenarios by index; {@code -Dexec.args="1 9 10 11 12 13 14"} runs the SMTP rows
 * that keep a domain's conversation open). A warm-up job runs first, unreported; then each scenario gets
 * fresh servers and fresh enrichers (empty caches). Not a unit test: numbers depend on
 * the machine and are reported in leadjobs-core's README.
 */
public final class OsintBenchmark {

    private static final int LEADS = 10_000;
    private static final int DOMAINS = 500;
    private static final Duration DELAY = Duration.ofMillis(20);
    private static final Duration SMTP_DELAY = Duration.ofMillis(50);

    /** {@code smtp} empty: SMTP off; {@code jobs}: the same leads submitted this many times, the last one reported. */
    private record Scenario(String name, int enrichmentThreads, boolean network, Consumer<DnsEnricher.Builder> dns,
            Consumer<WebsiteProbe.Builder> probe, java.util.Optional<Consumer<SmtpVerifier.Builder>> smtp, int jobs) {
        Scenario(String name, int enrichmentThreads, Consumer<DnsEnricher.Builder> dns, Consumer<WebsiteProbe.Builder> probe) {
            this(name, enrichmentThreads, true, dns, probe, java.util.Optional.empty(), 1);
        }

        Scenario(String name, int enrichmentThreads, boolean network, Consumer<DnsEnricher.Builder> dns,
                Consumer<WebsiteProbe.Builder> probe) {
            this(name, enrichmentThreads, network, dns, probe, java.util.Optional.empty(), 1);
        }

        static Scenario smtp(String name, int enrichmentThreads, Consumer<SmtpVerifier.Builder> smtp, int jobs) {
            return new Scenario(name, enrichmentThreads, true, d -> { }, p -> { }, java.util.Optional.of(smtp), jobs);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Scenario> all = List.of(
                new Scenario("offline enrichers only (no network), 64 threads", 64, false, d -> { }, p -> { }),
                new Scenario("cache on, default limits (64 DNS / 32 HTTP in flight), 64 threads", 64, d -> { }, p -> { }),
                new Scenario("cache on, default limits, 4 threads (the default on 2 cores)", 4, d -> { }, p -> { }),
                new Scenario("cache on, global limits 8 DNS / 8 HTTP, 64 threads", 64,
                        d -> d.maxConcurrentQueries(8), p -> p.maxConcurrentRequests(8)),
                new Scenario("cache off, default limits, 64 threads", 64,
                        d -> d.cacheTtl(Duration.ZERO), p -> p.cacheTtl(Duration.ZERO)),
                new Scenario("cache off, 1 request per domain/host at a time, 64 threads", 64,
                        d -> d.cacheTtl(Duration.ZERO).maxConcurrentQueriesPerDomain(1),
                        p -> p.cacheTtl(Duration.ZERO).maxConcurrentRequestsPerHost(1)),
                Scenario.smtp("SMTP on, default limits (16 in flight, 1 per domain), 64 threads", 64, v -> { }, 1),
                Scenario.smtp("SMTP on, 64 in flight, 1 per domain, 64 threads", 64,
                        v -> v.maxConcurrentConversations(64), 1),
                Scenario.smtp("SMTP on, 64 in flight, 1 per domain, 64 threads, same leads again", 64,
                        v -> v.maxConcurrentConversations(64), 2),
                Scenario.smtp("SMTP on, 20 recipients a conversation, default limits, 64 threads", 64,
                        v -> v.maxRecipientsPerConversation(20), 1),
                Scenario.smtp("SMTP on, 20 recipients a conversation, 64 in flight, 500 idle, 64 threads", 64,
                        v -> v.maxRecipientsPerConversation(20).maxConcurrentConversations(64).maxIdleConversations(DOMAINS), 1),
                new Scenario("SMTP off, cache on, default limits, 256 threads", 256, d -> { }, p -> { }),
                Scenario.smtp("SMTP on, 20 recipients a conversation, 256 in flight, 500 idle, 256 threads", 256,
                        v -> v.maxRecipientsPerConversation(20).maxConcurrentConversations(256).maxIdleConversations(DOMAINS), 1),
                new Scenario("SMTP off, cache on, default limits, 512 threads", 512, d -> { }, p -> { }),
                Scenario.smtp("SMTP on, 20 recipients a conversation, 512 in flight, 500 idle, 512 threads", 512,
                        v -> v.maxRecipientsPerConversation(20).maxConcurrentConversations(512).maxIdleConversations(DOMAINS), 1));
        List<Scenario> scenarios = new ArrayList<>();
        for (String a : args) {
            scenarios.add(all.get(Integer.parseInt(a)));
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(all);
        }
        System.out.printf(Locale.ROOT, "%d leads over %d domains, DNS and HTTP answer after %d ms, SMTP after %d ms%n",
                LEADS, DOMAINS, DELAY.toMillis(), SMTP_DELAY.toMillis());
        System.out.printf(Locale.ROOT, "| %-68s | %8s | %8s | %11s | %13s | %13s | %18s |%n",
                "scenario", "wall (s)", "leads/s", "DNS queries", "HTTP requests", "max in flight", "SMTP conversations");
        run(all.get(1), false); // warm-up: JIT, class loading, thread pools; not reported
        for (Scenario s : scenarios) {
            run(s, true);
        }
    }

    private static void run(Scenario s, boolean report) throws Exception {
        try (LocalDnsServer dns = new LocalDnsServer(); LocalHttpServer http = new LocalHttpServer();
                LocalSmtpServer smtp = new LocalSmtpServer()) {
            smtp.delay(SMTP_DELAY);
            dns.a("aspmx.l.google.com", "127.0.0.1");
            http.route("/", LocalHttpServer.Reply.html("<html><head><title>Company</title>"
                    + "<meta name=description content='We sell things'></head><body>" + "x".repeat(20_000))).delay(DELAY);
            for (int d = 0; d < DOMAINS; d++) {
                String domain = "d" + d + ".bench.test";
                dns.mx(domain, 10, "aspmx.l.google.com").a(domain, "127.0.0.1").a("www." + domain, "127.0.0.1")
                        .txt(domain, "v=spf1 include:_spf.google.com ~all").txt("_dmarc." + domain, "v=DMARC1; p=none");
            }
            dns.delay(DELAY);
            List<Lead> leads = new ArrayList<>(LEADS);
            for (int i = 0; i < LEADS; i++) {
                String domain = "d" + (i % DOMAINS) + ".bench.test";
                leads.add(Lead.builder().email("person" + i + "@" + domain)
                        .website("http://www." + domain + ":" + http.port() + "/").title("Head of Sales").build());
            }
            List<io.leadjobs.core.spi.LeadEnricher> enrichers = OsintEnrichers.builder().dnsServer(dns.hostPort())
                    .allowPrivateAddresses(true).configureDns(s.dns()).configureWebsiteProbe(s.probe())
                    .dns(s.network()).websiteProbe(s.network()).rdap(false)
                    .smtp(s.smtp().isPresent())
                    .configureSmtp(v -> s.smtp().ifPresent(c -> c.accept(v.port(smtp.port()))))
                    .buildWithOfflineEnrichers();
            try (JobService service = JobService.builder().enrichers(enrichers).maxLeads(LEADS)
                    .enrichmentThreads(s.enrichmentThreads()).batchSize(250).build()) {
                Semaphore completed = new Semaphore(0);
                service.events().addListener(u -> {
                    if (u instanceof CompleteUpdate) {
                        completed.release();
                    }
                });
                service.start();
                long start = 0;
                for (int j = 0; j < s.jobs(); j++) {
                    start = System.nanoTime();
                    Job job = service.submit("bench", JobRequest.of("bench", leads));
                    if (!completed.tryAcquire(10, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("job " + job.id() + " did not finish in 10 minutes");
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!report) {
                    return;
                }
                System.out.printf(Locale.ROOT, "| %-68s | %8.2f | %8.0f | %11d | %13d | %6d / %4d | %18d |%n", s.name(),
                        seconds, LEADS / seconds, dns.queries(), http.requests(), dns.maxInFlight(), http.maxInFlight(),
                        smtp.conversations());
            }
        }
    }

    private OsintBenchmark() {
    }
}
