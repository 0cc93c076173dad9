package io.leadjobs.core.osint;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.Lead;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test, an SMTP server and a DNS server on loopback that names it the MX of acme.test, and a
 * verifier pointed at them; register with {@code @RegisterExtension}.
 */
final class LoopbackMail implements BeforeEachCallback, AfterEachCallback {

    LocalSmtpServer smtp;
    LocalDnsServer dns;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        smtp = new LocalSmtpServer();
        dns = new LocalDnsServer();
        dns.mx("acme.test", 10, "mx.acme.test").a("mx.acme.test", "127.0.0.1");
    }

    /** A verifier that asks the fixture, private addresses allowed (the fixture is on loopback). */
    SmtpVerifier.Builder verifier() {
        String hostPort = dns.hostPort();
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        return SmtpVerifier.builder().port(smtp.port()).allowPrivateAddresses(true)
                .dnsServer(new InetSocketAddress("127.0.0.1", port)).helo("verify.leadjobs.test").sender("probe@leadjobs.test");
    }

    /** The lead's enrichment after the syntax and free-mail enrichers and then {@code network}. */
    static Enrichment check(String email, LeadEnricher... network) throws Exception {
        List<LeadEnricher> all = new ArrayList<>(List.of(Enrichers.emailSyntax(), Enrichers.freeMail()));
        all.addAll(List.of(network));
        return new TestJob().enrich(Lead.builder().email(email).build(), all.toArray(LeadEnricher[]::new));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            smtp.close();
        } finally {
            dns.close();
        }
    }
}
