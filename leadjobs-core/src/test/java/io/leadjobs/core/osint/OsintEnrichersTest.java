package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsintEnrichersTest {

    private static final Optional<InetSocketAddress> LOCAL_DNS =
            Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353));

    @Test
    void buildsTheDnsEnricherThenTheWebsiteProbeThenRdapWithSmtpOffByDefault() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).build())
                .extracting(LeadEnricher::name).containsExactly("dns", "website", "rdap", "smtp");
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).build().get(3))
                .isInstanceOf(OsintEnrichers.SmtpNotChecked.class);
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).smtp(true).build().get(3))
                .isInstanceOf(SmtpVerifier.class);
    }

    @Test
    void eachEnricherCanBeSwitchedOff() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).dns(false).rdap(false).build())
                .extracting(LeadEnricher::name).containsExactly("website", "smtp");
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).websiteProbe(false).rdap(false).build())
                .extracting(LeadEnricher::name).containsExactly("dns", "smtp");
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).dns(false).websiteProbe(false).build())
                .extracting(LeadEnricher::name).containsExactly("rdap", "smtp");
        // with SMTP off, only the marker that says so remains
        assertThat(OsintEnrichers.builder().dns(false).websiteProbe(false).rdap(false).build())
                .hasSize(1).allMatch(e -> e instanceof OsintEnrichers.SmtpNotChecked);
    }

    @Test
    void placesTheNetworkEnrichersAfterTheOfflineOnesWhoseSignalsTheyRead() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).buildWithOfflineEnrichers())
                .extracting(LeadEnricher::name)
                .startsWith(Enrichers.defaults().stream().map(LeadEnricher::name).toArray(String[]::new))
                .endsWith("dns", "website", "rdap", "smtp");
    }

    @Test
    void refusesAMalformedDnsServerWithASentenceNamingTheSetting() {
        assertThatThrownBy(() -> OsintEnrichers.builder().dnsServer("127.0.0.1:"))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("dnsServer must be host:port such as 127.0.0.1:53 or [::1]:53, was '127.0.0.1:'");
    }
}
