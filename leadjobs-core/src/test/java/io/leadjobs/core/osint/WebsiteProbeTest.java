package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.LogLevel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebsiteProbeTest {

    private LocalHttpServer http;
    private LocalDnsServer dns;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        http = new LocalHttpServer();
        dns = new LocalDnsServer();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        http.close();
        dns.close();
    }

    /** Private addresses allowed: the local servers are reachable. */
    private WebsiteProbe.Builder open() {
        return WebsiteProbe.builder().allowPrivateAddresses(true).dnsServer(dns.hostPort()).backoff(Duration.ZERO);
    }

    /** The guard as in production; only the test server's own endpoint is trusted. */
    private WebsiteProbe.Builder strict() {
        return WebsiteProbe.builder().allowPrivateAddresses(false).dnsServer(dns.hostPort()).backoff(Duration.ZERO)
                .trustEndpoint(http.endpoint());
    }

    private static Lead site(String website) {
        return Lead.builder().email("someone@example.test").website(website).build();
    }

    @Test
    void readsStatusFinalUrlTitleAndDescriptionWithEntitiesAndOddCasing() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<!DOCTYPE html><HTML><Head>\n"
                + "<!-- <title>not this one</title> -->\n"
                + "<TITLE lang=en>\n  Acme &amp; Co &#8212; Widgets &AMP; &#x2603;\n</TITLE>\n"
                + "<meta property='og:description' content='second best'>\n"
                + "<META CONTENT=\"We make &quot;widgets&quot; &hellip;\" Name=\"Description\">\n"
                + "</head><body>hi</body></html>"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), open().build());

        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        assertThat(e.get(OsintSignals.WEBSITE_HTTP_STATUS)).contains(200);
        assertThat(e.get(OsintSignals.WEBSITE_FINAL_URL)).contains(http.url("/"));
        assertThat(e.get(OsintSignals.WEBSITE_HTTPS)).contains(false);
        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).contains("Acme & Co \u2014 Widgets & \u2603");
        assertThat(e.get(OsintSignals.WEBSITE_DESCRIPTION)).contains("We make \"widgets\" \u2026");
        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).isEmpty();
    }

    @Test
    void fallsBackToOgDescriptionAndDecodesTheDeclaredCharset() throws Exception {
        byte[] latin1 = "<html><head><meta charset=\"iso-8859-1\"><title>Caf\u00e9 M\u00fcller</title><meta name=og:description content=Fr\u00fchst\u00fcck></head>"
                .getBytes(StandardCharsets.ISO_8859_1);
        http.route("/", new LocalHttpServer.Reply(200, Map.of("Content-Type", "text/html"), latin1, false));

        Enrichment e = new TestJob().enrich(site(http.url("/")), open().build());

        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).contains("Caf\u00e9 M\u00fcller");
        assertThat(e.get(OsintSignals.WEBSITE_DESCRIPTION)).contains("Fr\u00fchst\u00fcck");
    }

    @Test
    void aSiteBehindBotProtectionIsLiveButAMissingPageIsNot() throws Exception {
        dns.a("guarded.test", "127.0.0.1").a("gone.test", "127.0.0.1");
        http.route("/", new LocalHttpServer.Reply(403, Map.of("Content-Type", "text/html"),
                "<title>Access denied</title>".getBytes(StandardCharsets.UTF_8), false));
        WebsiteProbe probe = open().build();

        Enrichment guarded = new TestJob().enrich(site("http://guarded.test:" + http.port()), probe);
        http.route("/", new LocalHttpServer.Reply(404, Map.of(), new byte[0], false));
        Enrichment gone = new TestJob().enrich(site("http://gone.test:" + http.port()), probe);

        assertThat(guarded.get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        assertThat(guarded.get(OsintSignals.WEBSITE_HTTP_STATUS)).contains(403);
        assertThat(guarded.get(OsintSignals.WEBSITE_TITLE)).isEmpty();
        assertThat(gone.get(OsintSignals.WEBSITE_REACHABLE)).contains(false);
        assertThat(gone.get(OsintSignals.WEBSITE_HTTP_STATUS)).contains(404);
    }

    @Test
    void triesHttpsFirstThenFallsBackToHttp() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>plain</title>"));

        // the plain server never answers the TLS hello, so the HTTPS attempt ends at the read timeout; the HTTP
        // one must be answered within it, so it is 3 s rather than a few hundred ms a busy machine can exceed
        Enrichment e = new TestJob().enrich(site("127.0.0.1:" + http.port()),
                open().readTimeout(Duration.ofSeconds(3)).retries(0).build());

        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        assertThat(e.get(OsintSignals.WEBSITE_HTTPS)).contains(false);
        assertThat(e.get(OsintSignals.WEBSITE_FINAL_URL)).contains("http://127.0.0.1:" + http.port() + "/");
        assertThat(http.hits("/")).isEqualTo(1);
    }

    @Test
    void followsRedirectsItselfAndReportsTheFinalUrl() throws Exception {
        http.route("/", LocalHttpServer.Reply.redirect(301, "/a"))
                .route("/a", LocalHttpServer.Reply.redirect(302, "http://127.0.0.1:" + http.port() + "/b?x=1"))
                .route("/b", LocalHttpServer.Reply.html("<title>landed</title>"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), open().build());

        assertThat(e.get(OsintSignals.WEBSITE_FINAL_URL)).contains(http.url("/b?x=1"));
        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).contains("landed");
        assertThat(http.requests()).isEqualTo(3);
    }

    @Test
    void stopsAfterTheAllowedNumberOfRedirects() throws Exception {
        http.route("/", LocalHttpServer.Reply.redirect(302, "/"));

        Enrichment e = new TestJob().enrich(site(http.url("/")), open().maxRedirects(3).build());

        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("too_many_redirects");
        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(false);
        assertThat(e.get(OsintSignals.WEBSITE_HTTP_STATUS)).contains(302);
        assertThat(http.hits("/")).isEqualTo(4);
    }

    @Test
    void aHugePageIsReadOnlyUpToTheCap() throws Exception {
        String head = "<html><head><title>Big</title></head><body>";
        byte[] page = (head + "x".repeat(5 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        HttpWebsiteProbe probe = (HttpWebsiteProbe) open().cacheTtl(Duration.ZERO).maxBodyBytes(64 * 1024).build();

        for (boolean chunked : List.of(false, true)) {
            http.route("/", new LocalHttpServer.Reply(200, Map.of("Content-Type", "text/html"), page, chunked));
            ProbeResult r = probe.probe(SiteTarget.parse(http.url("/")).orElseThrow(), new TestJob().jobId());
            assertThat(r.bodyBytes()).as("chunked " + chunked).isEqualTo(64 * 1024);
            assertThat(r.title()).as("chunked " + chunked).contains("Big");
        }
    }

    @Test
    void aTitleBeyondTheCapIsNotSeen() throws Exception {
        String page = "<html><head><script>" + "/* filler */".repeat(30_000) + "</script><title>Too late</title></head>";
        http.route("/", LocalHttpServer.Reply.html(page));

        Enrichment e = new TestJob().enrich(site(http.url("/")), open().maxBodyBytes(128 * 1024).build());

        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheRetries() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "test-silent-acceptor");
            acceptor.start();

            Enrichment e = new TestJob().enrich(site("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    open().readTimeout(Duration.ofMillis(200)).retries(2).build());

            assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("timeout");
            assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).contains(false);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accepted).hasValue(3));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void manyLeadsOfOneSiteCostOneRequestAcrossJobs() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>Acme</title>")).delay(Duration.ofMillis(20));
        WebsiteProbe probe = open().build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(pool.submit(() -> job.enrich(site(http.url("/")), probe)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.WEBSITE_TITLE)).contains("Acme");
        }
        new TestJob().enrich(site(http.url("/")), probe);

        assertThat(http.requests()).isEqualTo(1);
    }

    @Test
    void withTheCacheOffEveryLeadIsProbed() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>Acme</title>"));
        WebsiteProbe probe = open().cacheTtl(Duration.ZERO).build();
        TestJob job = new TestJob();

        for (int i = 0; i < 10; i++) {
            job.enrich(site(http.url("/")), probe);
        }

        assertThat(http.requests()).isEqualTo(10);
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheGlobalLimit() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>site</title>")).delay(Duration.ofMillis(20));
        for (int i = 0; i < 30; i++) {
            dns.a("site" + i + ".test", "127.0.0.1");
        }
        WebsiteProbe probe = open().maxConcurrentRequests(3).build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String url = "http://site" + i + ".test:" + http.port() + "/";
            results.add(pool.submit(() -> job.enrich(site(url), probe)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        }

        assertThat(http.requests()).isEqualTo(30);
        assertThat(http.maxInFlight()).isBetween(1, 3);
    }

    @Test
    void neverHasMoreRequestsToOneHostInFlightThanThePerHostLimit() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>site</title>")).delay(Duration.ofMillis(10));
        WebsiteProbe probe = open().cacheTtl(Duration.ZERO).maxConcurrentRequests(50).maxConcurrentRequestsPerHost(2).build();
        TestJob job = new TestJob();

        List<Future<Enrichment>> results = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            results.add(pool.submit(() -> job.enrich(site(http.url("/")), probe)));
        }
        for (Future<Enrichment> f : results) {
            assertThat(f.get().get(OsintSignals.WEBSITE_REACHABLE)).contains(true);
        }

        assertThat(http.requests()).isEqualTo(24);
        assertThat(http.maxInFlightForOneHost()).isBetween(1, 2);
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheHostNameAndAnHonestUserAgent() throws Exception {
        dns.a("www.acme.test", "127.0.0.1");
        http.route("/", LocalHttpServer.Reply.html("<title>Acme</title>"));

        Enrichment e = new TestJob().enrich(site("http://www.acme.test:" + http.port()), open().build());

        assertThat(e.get(OsintSignals.WEBSITE_TITLE)).contains("Acme");
        assertThat(http.hostHeaders()).containsExactly("www.acme.test:" + http.port());
        assertThat(http.userAgents()).containsExactly(WebsiteProbe.DEFAULT_USER_AGENT);
        assertThat(dns.queries("www.acme.test", org.xbill.DNS.Type.A)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:%d/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[::1]:%d/",
        "http://[::ffff:127.0.0.1]:%d/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://0.0.0.0:%d/",
        "http://localhost:%d/",
        "http://rebind.test:%d/"})
    void theGuardRefusesPrivateLoopbackAndMetadataAddresses(String pattern) throws Exception {
        dns.a("rebind.test", "127.0.0.1").a("localhost", "127.0.0.1");
        int otherPort;
        try (ServerSocket s = new ServerSocket(0)) {
            otherPort = s.getLocalPort(); // a loopback port other than the trusted test server's
        }
        TestJob job = new TestJob();

        Enrichment e = job.enrich(site(String.format(pattern, otherPort)), strict().build());

        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_address");
        assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).isEmpty();
        assertThat(job.log()).singleElement().extracting(TestJob.LogLine::level).isEqualTo(LogLevel.INFO);
    }

    @Test
    void theGuardRefusesTheLocalServerItselfUnlessPrivateAddressesAreAllowed() throws Exception {
        http.route("/", LocalHttpServer.Reply.html("<title>intranet</title>"));
        WebsiteProbe strictProbe = WebsiteProbe.builder().dnsServer(dns.hostPort()).build();

        Enrichment refused = new TestJob().enrich(site(http.url("/")), strictProbe);
        assertThat(refused.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_address");
        assertThat(http.requests()).isZero();

        Enrichment allowed = new TestJob().enrich(site(http.url("/")), open().build());
        assertThat(allowed.get(OsintSignals.WEBSITE_TITLE)).contains("intranet");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:%d/admin",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://[::1]:%d/",
        "http://rebind.test:%d/"})
    void theGuardRechecksEveryRedirect(String pattern) throws Exception {
        dns.a("rebind.test", "127.0.0.1");
        try (LocalHttpServer target = new LocalHttpServer()) {
            target.route("/admin", LocalHttpServer.Reply.html("<title>secret</title>"));
            http.route("/", LocalHttpServer.Reply.redirect(302, String.format(pattern, target.port())));

            Enrichment e = new TestJob().enrich(site(http.url("/")), strict().build());

            assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_address");
            assertThat(http.hits("/")).isEqualTo(1);
            assertThat(target.requests()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.test/", "file:///etc/passwd", "gopher://127.0.0.1:70/"})
    void redirectsLeaveOnlyForHttpAndHttps(String location) throws Exception {
        http.route("/", LocalHttpServer.Reply.redirect(301, location));

        Enrichment e = new TestJob().enrich(site(http.url("/")), strict().build());

        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_scheme");
    }

    @Test
    void metadataAddressesStayRefusedWhenPrivateAddressesAreAllowed() throws Exception {
        http.route("/", LocalHttpServer.Reply.redirect(302, "http://169.254.169.254/latest/meta-data/"));

        Enrichment direct = new TestJob().enrich(site("http://169.254.169.254/"), open().build());
        Enrichment redirected = new TestJob().enrich(site(http.url("/")), open().build());

        assertThat(direct.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_address");
        assertThat(redirected.get(OsintSignals.WEBSITE_ERROR)).contains("blocked_address");
    }

    @Test
    void givesUpFastWhenTheNetworkIsAbsentAndWarnsOncePerJob() throws Exception {
        dns.silent(true);
        int threads = 4;
        WebsiteProbe probe = WebsiteProbe.builder().dnsServer(dns.hostPort()).allowPrivateAddresses(true)
                .connectTimeout(Duration.ofMillis(200)).failureThreshold(3).circuitCooldown(Duration.ofHours(1)).build();
        TestJob job = new TestJob();
        ExecutorService four = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Enrichment>> results = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String url = "http://company" + (i % 100) + ".test/";
                results.add(four.submit(() -> job.enrich(site(url), probe)));
            }
            for (Future<Enrichment> f : results) {
                Enrichment e = f.get();
                assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("unavailable");
                assertThat(e.get(OsintSignals.WEBSITE_REACHABLE)).isEmpty();
            }
        } finally {
            four.shutdownNow();
        }

        // each site costs at most 2 candidates x 2 questions x 2 attempts before the breaker opens
        assertThat(dns.queries()).isLessThanOrEqualTo((3 + threads) * 8);
        assertThat(job.log()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(LogLevel.WARN);
            assertThat(line.message()).startsWith("Website probes are unavailable");
        });
    }

    @Test
    void anUnparseableWebsiteIsReportedWithoutAnyRequest() throws Exception {
        Enrichment e = new TestJob().enrich(site("javascript:alert(1)"), open().build());

        assertThat(e.get(OsintSignals.WEBSITE_ERROR)).contains("invalid_url");
        assertThat(http.requests()).isZero();
    }

    @Test
    void rejectsBadSettingsWithASentenceNamingThem() {
        assertThatThrownBy(() -> WebsiteProbe.builder().maxBodyBytes(10))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("maxBodyBytes must be between 1024 and 16777216, was 10");
        assertThatThrownBy(() -> WebsiteProbe.builder().userAgent("bad\nagent"))
                .hasMessage("userAgent must be non-blank printable ASCII, was 'bad\nagent'");
        assertThatThrownBy(() -> WebsiteProbe.builder().dnsServer("::1]:53"))
                .isInstanceOf(LeadJobsException.class);
    }
}
