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
    void buildsTheDnsEnricherThenTheWebsiteProbe() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).build())
                .extracting(LeadEnricher::name).containsExactly("dns", "website");
    }

    @Test
    void eachEnricherCanBeSwitchedOff() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).dns(false).build())
                .extracting(LeadEnricher::name).containsExactly("website");
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).websiteProbe(false).build())
                .extracting(LeadEnricher::name).containsExactly("dns");
        assertThat(OsintEnrichers.builder().dns(false).websiteProbe(false).build()).isEmpty();
    }

    @Test
    void placesTheNetworkEnrichersAfterTheOfflineOnesWhoseSignalsTheyRead() {
        assertThat(OsintEnrichers.builder().dnsServer(LOCAL_DNS).buildWithOfflineEnrichers())
                .extracting(LeadEnricher::name)
                .startsWith(Enrichers.defaults().stream().map(LeadEnricher::name).toArray(String[]::new))
                .endsWith("dns", "website");
    }

    @Test
    void refusesAMalformedDnsServerWithASentenceNamingTheSetting() {
        assertThatThrownBy(() -> OsintEnrichers.builder().dnsServer("127.0.0.1:"))
                .isInstanceOf(LeadJobsException.class)
                .hasMessage("dnsServer must be host:port such as 127.0.0.1:53 or [::1]:53, was '127.0.0.1:'");
    }
}
