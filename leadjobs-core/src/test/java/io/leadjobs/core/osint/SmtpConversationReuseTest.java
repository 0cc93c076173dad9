package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One SMTP conversation asks about several addresses of a domain when the verifier may keep it open. */
class SmtpConversationReuseTest {

    @RegisterExtension
    final LoopbackMail mail = new LoopbackMail();

    /** On a hand-moved clock, so that a kept conversation is never idle too long on a busy machine. */
    private SmtpVerifier.Builder verifier(int maxRecipients) {
        return mail.verifier().maxRecipientsPerConversation(maxRecipients).ticker(new FakeTicker());
    }

    private static Enrichment check(String email, SmtpVerifier verifier) throws Exception {
        return LoopbackMail.check(email, verifier);
    }

    private long count(String command) {
        return mail.smtp.commands().stream().filter(c -> c.startsWith(command)).count();
    }

    @Test
    void oneConversationAsksAboutSeveralAddressesOfADomainWithOneCatchAllProbe() throws Exception {
        mail.smtp.reply("jane@acme.test", "250 ok").reply("bob@acme.test", "250 ok")
                .reply("full@acme.test", "452 4.2.2 mailbox full");
        SmtpVerifier v = verifier(10).build();

        Enrichment jane = check("jane@acme.test", v);
        Enrichment bob = check("bob@acme.test", v);
        Enrichment nobody = check("nobody@acme.test", v);
        Enrichment other = check("other@acme.test", v);

        assertThat(mail.smtp.conversations()).isEqualTo(1);
        assertThat(count("EHLO")).isEqualTo(1);
        assertThat(count("MAIL FROM")).isEqualTo(1);
        assertThat(mail.smtp.rcptCommands("acme.test")).isEqualTo(5); // four addresses and one catch-all probe
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

        assertThat(mail.smtp.conversations()).isEqualTo(3); // 3 + 3 + 1 recipients
        assertThat(count("QUIT")).isEqualTo(2);
        assertThat(mail.smtp.rcptCommands("acme.test")).isEqualTo(7);
    }

    @Test
    void aServerClosingAKeptConversationWith421GetsTheAddressAskedAgainOnANewOne() throws Exception {
        mail.smtp.hangUpAfter(2, Optional.of("421 4.7.0 too many errors, closing connection")).reply("c@acme.test", "250 ok");
        SmtpVerifier v = verifier(10).build();

        Enrichment a = check("a@acme.test", v);
        Enrichment b = check("b@acme.test", v);
        Enrichment c = check("c@acme.test", v);

        assertThat(mail.smtp.conversations()).isEqualTo(2);
        assertThat(a.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(b.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(c.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(c.get(OsintSignals.SMTP_REPLY_CODE)).contains(250);
        assertThat(mail.smtp.commands().stream().filter(l -> l.equals("RCPT TO:<c@acme.test>")).count()).isEqualTo(2);
    }

    @Test
    void aKeptConversationThatIsDroppedGetsTheAddressAskedAgainOnANewOne() throws Exception {
        mail.smtp.hangUpAfter(1, Optional.empty());
        SmtpVerifier v = verifier(10).build();

        Enrichment a = check("a@acme.test", v);
        Enrichment b = check("b@acme.test", v);

        assertThat(mail.smtp.conversations()).isEqualTo(2);
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
        assertThat(mail.smtp.conversations()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count("QUIT")).isEqualTo(1));
    }

    @Test
    void concurrentAddressesOfOneDomainShareOneConversationOneAtATime() throws Exception {
        mail.smtp.delay(Duration.ofMillis(5));
        SmtpVerifier v = verifier(20).build();
        List<Callable<Enrichment>> checks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String email = "user" + i + "@acme.test";
            checks.add(() -> check(email, v));
        }
        ExecutorService eight = Executors.newFixedThreadPool(8);
        List<Future<Enrichment>> done;
        try {
            done = eight.invokeAll(checks, 60, TimeUnit.SECONDS);
        } finally {
            eight.shutdownNow();
            assertThat(eight.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<Enrichment> f : done) {
            assertThat(f.isCancelled()).isFalse();
            assertThat(f.get().get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        }
        assertThat(mail.smtp.conversations()).isEqualTo(1);
        assertThat(mail.smtp.rcptCommands("acme.test")).isEqualTo(12);
        assertThat(mail.smtp.maxInFlight("acme.test")).isEqualTo(1);
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
