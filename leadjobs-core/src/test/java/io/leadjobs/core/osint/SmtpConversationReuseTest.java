package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.enrich.Enrichers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One SMTP conversation asks about several addresses of a domain when the verifier may keep it open. */
class SmtpConversationReuseTest {

    private LocalSmtpServer smtp;
    private LocalDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        smtp = new LocalSmtpServer().catchAll("catchall.test");
        dns = new LocalDnsServer();
        for (String d : List.of("acme.test", "catchall.test")) {
            dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.1");
        }
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
        dns.close();
    }

    private SmtpVerifier.Builder verifier(int maxRecipients) {
        InetSocketAddress resolver = new InetSocketAddress("127.0.0.1", Integer.parseInt(
                dns.hostPort().substring(dns.hostPort().lastIndexOf(':') + 1)));
        return SmtpVerifier.builder().port(smtp.port()).allowPrivateAddresses(true).dnsServer(resolver)
                .helo("verify.leadjobs.test").sender("probe@leadjobs.test").maxRecipientsPerConversation(maxRecipients);
    }

    private static Enrichment check(String email, SmtpVerifier verifier) throws Exception {
        return new TestJob().enrich(Lead.builder().email(email).build(), Enrichers.emailSyntax(), Enrichers.freeMail(),
                verifier);
    }

    private long count(String command) {
        return smtp.commands().stream().filter(c -> c.startsWith(command)).count();
    }

    @Test
    void oneConversationAsksAboutSeveralAddressesOfADomainWithOneCatchAllProbe() throws Exception {
        smtp.reply("jane@acme.test", "250 ok").reply("bob@acme.test", "250 ok")
                .reply("full@acme.test", "452 4.2.2 mailbox full");
        SmtpVerifier v = verifier(10).build();

        Enrichment jane = check("jane@acme.test", v);
        Enrichment bob = check("bob@acme.test", v);
        Enrichment nobody = check("nobody@acme.test", v);
        Enrichment other = check("other@acme.test", v);

        assertThat(smtp.conversations()).isEqualTo(1);
        assertThat(count("EHLO")).isEqualTo(1);
        assertThat(count("MAIL FROM")).isEqualTo(1);
        assertThat(smtp.rcptCommands("acme.test")).isEqualTo(5); // four addresses and one catch-all probe
        assertThat(count("QUIT")).isZero(); // kept open for the domain's next address
        assertThat(jane.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(jane.get(OsintSignals.SMTP_CATCH_ALL)).contains(false);
        assertThat(bob.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(bob.get(OsintSignals.SMTP_CATCH_ALL)).contains(false);
        assertThat(nobody.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(nobody.get(OsintSignals.SMTP_REPLY_CODE)).contains(550);
        assertThat(other.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");

        Enrichment full = check("full@acme.test", v);

        assertThat(full.get(OsintSignals.SMTP_VERDICT)).contains("mailbox_full");
        assertThat(count("QUIT")).isEqualTo(1); // a 4xx answer is no plain yes or no: the conversation ends
    }

    @Test
    void aConversationEndsAfterItsRecipientLimit() throws Exception {
        SmtpVerifier v = verifier(3).build();

        for (int i = 0; i < 7; i++) {
            assertThat(check("user" + i + "@acme.test", v).get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        }

        assertThat(smtp.conversations()).isEqualTo(3); // 3 + 3 + 1 recipients
        assertThat(count("QUIT")).isEqualTo(2);
        assertThat(smtp.rcptCommands("acme.test")).isEqualTo(7);
    }

    @Test
    void aServerClosingAKeptConversationWith421GetsTheAddressAskedAgainOnANewOne() throws Exception {
        smtp.hangUpAfter(2, Optional.of("421 4.7.0 too many errors, closing connection")).reply("c@acme.test", "250 ok");
        SmtpVerifier v = verifier(10).build();

        Enrichment a = check("a@acme.test", v);
        Enrichment b = check("b@acme.test", v);
        Enrichment c = check("c@acme.test", v);

        assertThat(smtp.conversations()).isEqualTo(2);
        assertThat(a.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(b.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(c.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(c.get(OsintSignals.SMTP_REPLY_CODE)).contains(250);
        assertThat(smtp.commands().stream().filter(l -> l.equals("RCPT TO:<c@acme.test>")).count()).isEqualTo(2);
    }

    @Test
    void aKeptConversationThatIsDroppedGetsTheAddressAskedAgainOnANewOne() throws Exception {
        smtp.hangUpAfter(1, Optional.empty());
        SmtpVerifier v = verifier(10).build();

        Enrichment a = check("a@acme.test", v);
        Enrichment b = check("b@acme.test", v);

        assertThat(smtp.conversations()).isEqualTo(2);
        assertThat(a.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(b.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(b.get(OsintSignals.SMTP_REPLY_CODE)).contains(550);
    }

    @Test
    void anIdleConversationEndsWithQuitAndTheNextAddressOpensANewOne() throws Exception {
        FakeTicker ticker = new FakeTicker();
        SmtpVerifier v = verifier(10).conversationIdleTimeout(Duration.ofSeconds(5)).ticker(ticker).build();

        check("a@acme.test", v);
        ticker.advance(Duration.ofSeconds(6));
        Enrichment b = check("b@acme.test", v);

        assertThat(b.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(smtp.conversations()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count("QUIT")).isEqualTo(1));
    }

    @Test
    void concurrentAddressesOfOneDomainShareOneConversationOneAtATime() throws Exception {
        smtp.delay(Duration.ofMillis(5));
        SmtpVerifier v = verifier(20).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Enrichment>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String email = "user" + i + "@acme.test";
                all.add(pool.submit(() -> check(email, v)));
            }
            for (Future<Enrichment> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS).get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(smtp.conversations()).isEqualTo(1);
        assertThat(smtp.rcptCommands("acme.test")).isEqualTo(12);
        assertThat(smtp.maxInFlight("acme.test")).isEqualTo(1);
    }

    @Test
    void refusesReuseSettingsOutsideTheirRange() {
        assertThatThrownBy(() -> SmtpVerifier.builder().maxRecipientsPerConversation(0))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("maxRecipientsPerConversation");
        assertThatThrownBy(() -> SmtpVerifier.builder().conversationIdleTimeout(Duration.ZERO))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("conversationIdleTimeout");
        assertThatThrownBy(() -> SmtpVerifier.builder().maxIdleConversations(0))
                .isInstanceOf(LeadJobsException.class).hasMessageContaining("maxIdleConversations");
    }
}
