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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP verdicts against an SMTP server on loopback, its MX found through a DNS server on loopback. */
class SmtpVerifierTest {

    private LocalSmtpServer smtp;
    private LocalDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        smtp = new LocalSmtpServer().catchAll("catchall.test");
        dns = new LocalDnsServer();
        for (String d : List.of("acme.test", "catchall.test", "busy.test")) {
            dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.1");
        }
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
        dns.close();
    }

    private SmtpVerifier.Builder verifier() {
        return SmtpVerifier.builder().port(smtp.port()).allowPrivateAddresses(true)
                .dnsServer(parse(dns.hostPort())).helo("verify.leadjobs.test").sender("probe@leadjobs.test");
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static Enrichment check(String email, LeadEnricher... network) throws Exception {
        return check(new TestJob(), email, network);
    }

    private static Enrichment check(TestJob job, String email, LeadEnricher... network) throws Exception {
        List<LeadEnricher> all = new ArrayList<>(List.of(Enrichers.emailSyntax(), Enrichers.freeMail()));
        all.addAll(List.of(network));
        return job.enrich(Lead.builder().email(email).build(), all.toArray(LeadEnricher[]::new));
    }

    @Test
    void anAcceptedAddressOnANormalDomainIsDeliverable() throws Exception {
        smtp.reply("jane@acme.test", "250 2.1.5 ok");

        Enrichment e = check("jane@acme.test", verifier().build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(e.get(OsintSignals.SMTP_CATCH_ALL)).contains(false);
        assertThat(e.get(OsintSignals.SMTP_REPLY_CODE)).contains(250);
        assertThat(smtp.commands()).containsExactly("EHLO verify.leadjobs.test", "MAIL FROM:<probe@leadjobs.test>",
                "RCPT TO:<jane@acme.test>", smtp.commands().get(3), "QUIT");
        assertThat(smtp.commands().get(3)).startsWith("RCPT TO:<leadjobs-probe-").endsWith("@acme.test>");
        assertThat(smtp.commands()).noneMatch(c -> c.startsWith("DATA"));
    }

    @Test
    void asksForStartTlsWhenOfferedAndGoesOnInPlainTextWhenTheServerThenRefusesIt() throws Exception {
        smtp.offerStartTls(true).reply("jane@acme.test", "250 ok");

        Enrichment e = check("jane@acme.test", verifier().build());

        assertThat(smtp.commands()).startsWith("EHLO verify.leadjobs.test", "STARTTLS", "MAIL FROM:<probe@leadjobs.test>");
        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
    }

    @Test
    void neverAsksForStartTlsWhenSwitchedOff() throws Exception {
        smtp.offerStartTls(true).reply("jane@acme.test", "250 ok");

        check("jane@acme.test", verifier().startTls(false).build());

        assertThat(smtp.commands()).doesNotContain("STARTTLS");
    }

    @Test
    void aRefusedAddressIsUndeliverableWithItsReplyCode() throws Exception {
        Enrichment e = check("nobody@acme.test", verifier().build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(e.get(OsintSignals.SMTP_REPLY_CODE)).contains(550);
        assertThat(smtp.rcptCommands("acme.test")).isEqualTo(1); // no catch-all probe after a refusal
    }

    @Test
    void aDomainThatAcceptsAnyAddressIsCatchAll() throws Exception {
        Enrichment e = check("whoever@catchall.test", verifier().build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("catch_all");
        assertThat(e.get(OsintSignals.SMTP_CATCH_ALL)).contains(true);
    }

    @Test
    void aFullMailboxAndADisabledOneAreToldApart() throws Exception {
        smtp.reply("full@acme.test", "452 4.2.2 mailbox full").reply("gone@acme.test", "550 5.2.1 mailbox disabled");
        SmtpVerifier v = verifier().build();

        Enrichment full = check("full@acme.test", v);
        Enrichment gone = check("gone@acme.test", v);

        assertThat(full.get(OsintSignals.SMTP_VERDICT)).contains("mailbox_full");
        assertThat(full.get(OsintSignals.SMTP_REPLY_CODE)).contains(452);
        assertThat(gone.get(OsintSignals.SMTP_VERDICT)).contains("disabled");
        assertThat(gone.get(OsintSignals.SMTP_REPLY_CODE)).contains(550);
    }

    @Test
    void greylistingAndAClosingServerAreUnknown() throws Exception {
        smtp.reply("later@acme.test", "451 4.7.1 greylisted, try again later");
        Enrichment grey = check("later@acme.test", verifier().build());

        smtp.greeting("421 4.3.2 service not available, closing channel");
        Enrichment closing = check("jane@busy.test", verifier().build());

        assertThat(grey.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(grey.get(OsintSignals.SMTP_REPLY_CODE)).contains(451);
        assertThat(closing.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(closing.get(OsintSignals.SMTP_REPLY_CODE)).contains(421);
    }

    @Test
    void oneConversationPerAddressAndOneCatchAllProbePerDomain() throws Exception {
        smtp.reply("jane@acme.test", "250 ok").reply("bob@acme.test", "250 ok");
        SmtpVerifier v = verifier().build();

        Enrichment first = check("jane@acme.test", v);
        check("Jane@acme.test", v);
        Enrichment bob = check("bob@acme.test", v);
        Enrichment any1 = check("x@catchall.test", v);
        Enrichment any2 = check("y@catchall.test", v);

        // jane: RCPT + random probe; bob: RCPT only (the domain's catch-all answer is cached);
        // catchall.test: one conversation, later addresses answered from the domain's verdict
        assertThat(smtp.conversations()).isEqualTo(3);
        assertThat(smtp.rcptCommands("acme.test")).isEqualTo(3);
        assertThat(smtp.rcptCommands("catchall.test")).isEqualTo(2);
        assertThat(first.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(bob.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(bob.get(OsintSignals.SMTP_CATCH_ALL)).contains(false);
        assertThat(any1.get(OsintSignals.SMTP_VERDICT)).contains("catch_all");
        assertThat(any2.get(OsintSignals.SMTP_VERDICT)).contains("catch_all");
    }

    @Test
    void talksToOneDomainOneConversationAtATime() throws Exception {
        smtp.delay(Duration.ofMillis(20));
        SmtpVerifier v = verifier().build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Enrichment>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String email = "user" + i + "@acme.test";
                all.add(pool.submit(() -> check(email, v)));
            }
            for (Future<Enrichment> f : all) {
                assertThat(f.get(30, TimeUnit.SECONDS).get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(smtp.conversations()).isEqualTo(8);
        assertThat(smtp.maxInFlight("acme.test")).isEqualTo(1);
    }

    @Test
    void theMxOnAPrivateAddressIsRefusedByDefault() throws Exception {
        Enrichment e = check("jane@acme.test", verifier().allowPrivateAddresses(false).build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(smtp.conversations()).isZero();
    }

    @Test
    void usesTheMxHostsTheDnsEnricherFound() throws Exception {
        smtp.reply("jane@acme.test", "250 ok");
        DnsEnricher dnsEnricher = DnsEnricher.builder().resolver(dns.hostPort()).build();

        Enrichment e = check("jane@acme.test", dnsEnricher, verifier().build());

        assertThat(e.get(OsintSignals.MX_HOSTS)).contains(List.of("mx.acme.test"));
        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
    }

    @Test
    void aServerThatNeverGreetsIsUnknownAndPausesChecksWithOneWarning() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SmtpVerifier v = verifier().port(silent.getLocalPort()).readTimeout(Duration.ofMillis(200))
                    .failureThreshold(2).build();
            TestJob job = new TestJob();

            for (int i = 0; i < 4; i++) {
                Enrichment e = check(job, "user" + i + "@acme.test", v);
                assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
            }

            assertThat(job.log()).hasSize(1);
            assertThat(job.log().get(0).level()).isEqualTo(LogLevel.WARN);
            assertThat(job.log().get(0).message()).startsWith("SMTP checks are unavailable");
            assertThat(((SmtpConversations) v).breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void switchedOffTheLeadSaysSo() throws Exception {
        List<LeadEnricher> off = OsintEnrichers.builder().dns(false).websiteProbe(false).rdap(false).build();

        Enrichment e = check("jane@acme.test", off.toArray(LeadEnricher[]::new));

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("not_checked");
        assertThat(smtp.conversations()).isZero();
    }

    @Test
    void refusesAHeloThatIsNoHostNameAndASenderThatIsNoAddress() {
        assertThatThrownBy(() -> SmtpVerifier.builder().helo("bad name\r\nRCPT")).isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("helo");
        assertThatThrownBy(() -> SmtpVerifier.builder().sender("x>\r\nDATA")).isInstanceOf(LeadJobsException.class)
                .hasMessageContaining("sender");
    }

    @Test
    void theScorerExplainsEachVerdict() {
        RuleBasedScorer scorer = RuleBasedScorer.defaults();
        Lead lead = Lead.builder().email("jane@acme.test").build();

        assertThat(scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "deliverable", "smtp_reply_code", 250)))
                .reasons()).contains(new ScoreReason("smtp_deliverable", 10,
                        "The mail server accepts jane@acme.test"));
        LeadScore bounced = scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "undeliverable", "smtp_reply_code", 550)));
        assertThat(bounced.reasons()).contains(new ScoreReason("smtp_undeliverable", -40,
                "The mail server refuses jane@acme.test, so mail to it would bounce (its answer: code 550)"));
        assertThat(scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "catch_all", "smtp_catch_all", true)))
                .reasons()).extracting(ScoreReason::rule).contains("smtp_catch_all");
        assertThat(scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "mailbox_full", "smtp_reply_code", 452)))
                .reasons()).extracting(ScoreReason::rule).contains("smtp_mailbox_full");
        assertThat(scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "disabled", "smtp_reply_code", 550)))
                .reasons()).extracting(ScoreReason::rule).contains("smtp_disabled");
        assertThat(scorer.score(lead, new Enrichment(Map.of("smtp_verdict", "unknown"))).reasons())
                .extracting(ScoreReason::rule).noneMatch(r -> r.startsWith("smtp_"));
    }
}
