package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A lead whose mailbox could not be confirmed says why, in words a salesperson can read. */
class SmtpDetailTest {

    @RegisterExtension
    final LoopbackMail mail = new LoopbackMail();

    private SmtpVerifier.Builder verifier() {
        return mail.verifier();
    }

    private static Enrichment check(String email, LeadEnricher... network) throws Exception {
        return LoopbackMail.check(email, network);
    }

    private static String detail(Enrichment e) {
        assertThat(e.get(OsintSignals.SMTP_DETAIL)).isPresent();
        String d = e.get(OsintSignals.SMTP_DETAIL).get();
        assertThat(d).doesNotContainPattern("[a-z]+_[a-z]+"); // words, not signal or verdict names
        return d;
    }

    @Test
    void aGreylistedAddressSaysTheServerAskedToTryAgainLater() throws Exception {
        mail.smtp.reply("later@acme.test", "451 4.7.1 greylisted, try again later");

        Enrichment e = check("later@acme.test", verifier().build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(detail(e)).startsWith("The mail server asked to try again later (code 451)");
    }

    @Test
    void aMailServerOnAPrivateAddressSaysItWasNotContacted() throws Exception {
        Enrichment e = check("jane@acme.test", verifier().allowPrivateAddresses(false).build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(detail(e)).isEqualTo("The domain's mail server mx.acme.test is on a private or reserved address,"
                + " which mailbox checks do not contact");
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        Enrichment e = check("jane@acme.test", verifier().port(closedPort).build());

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("unknown");
        assertThat(detail(e)).isEqualTo("The domain's mail server mx.acme.test refused the connection, so the mailbox"
                + " could not be checked");
    }

    @Test
    void aRefusingGreetingSaysTheServerTurnedTheCheckAway() throws Exception {
        mail.smtp.greeting("421 4.3.2 service not available, closing channel");

        Enrichment e = check("jane@acme.test", verifier().build());

        assertThat(detail(e)).isEqualTo("The mail server turned the check away before it began (code 421)");
    }

    @Test
    void switchedOffTheLeadSaysSoInWords() throws Exception {
        List<LeadEnricher> off = OsintEnrichers.builder().dns(false).websiteProbe(false).rdap(false).build();

        Enrichment e = check("jane@acme.test", off.toArray(LeadEnricher[]::new));

        assertThat(e.get(OsintSignals.SMTP_VERDICT)).contains("not_checked");
        assertThat(detail(e)).isEqualTo("Mailboxes are not checked with their mail servers here (SMTP checks are switched off)");
    }

    @Test
    void aPlainAnswerNeedsNoDetail() throws Exception {
        mail.smtp.reply("jane@acme.test", "250 ok");

        Enrichment accepted = check("jane@acme.test", verifier().build());
        Enrichment refused = check("bob@acme.test", verifier().build());

        assertThat(accepted.get(OsintSignals.SMTP_VERDICT)).contains("deliverable");
        assertThat(accepted.get(OsintSignals.SMTP_DETAIL)).isEmpty();
        assertThat(refused.get(OsintSignals.SMTP_VERDICT)).contains("undeliverable");
        assertThat(refused.get(OsintSignals.SMTP_DETAIL)).isEmpty();
    }
}
