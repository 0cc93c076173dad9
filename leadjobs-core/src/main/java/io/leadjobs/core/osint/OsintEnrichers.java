package io.leadjobs.core.osint;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.spi.LeadEnricher;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wires the network enrichers of a deployment from its typed settings, in a few lines:
 *
 * <pre>{@code
 * List<LeadEnricher> enrichers = OsintEnrichers.builder()
 *         .dnsServer(settings.dnsServer())                 // Optional<InetSocketAddress>, LEADJOBS_DNS_SERVER
 *         .allowPrivateAddresses(settings.probeAllowPrivate()) // LEADJOBS_PROBE_ALLOW_PRIVATE
 *         .buildWithOfflineEnrichers();
 * JobService.builder().enrichers(enrichers)...
 * }</pre>
 *
 * The DNS server serves both the DNS enricher and the probe's name lookups; without one, the system's
 * resolver is used. Build once per deployment: the enrichers' caches are then shared by every job.
 */
public final class OsintEnrichers {

    private OsintEnrichers() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds the network enrichers; each can be switched off. */
    public static final class Builder {
        private Optional<InetSocketAddress> dnsServer = Optional.empty();
        private boolean allowPrivate;
        private boolean dns = true;
        private boolean website = true;
        private Consumer<DnsEnricher.Builder> dnsSettings = b -> { };
        private Consumer<WebsiteProbe.Builder> probeSettings = b -> { };

        private Builder() {
        }

        /** The DNS server for every lookup; empty: the system's resolver. */
        public Builder dnsServer(Optional<InetSocketAddress> server) {
            this.dnsServer = Objects.requireNonNull(server, "dnsServer");
            return this;
        }

        /** The DNS server as {@code host:port}, checked at once. */
        public Builder dnsServer(String hostPort) {
            this.dnsServer = Optional.of(HostPort.parse("dnsServer", Objects.requireNonNull(hostPort, "dnsServer"), 53));
            return this;
        }

        /** Let the website probe reach loopback and private addresses (tests, intranets); default false. */
        public Builder allowPrivateAddresses(boolean allow) {
            this.allowPrivate = allow;
            return this;
        }

        /** Run the DNS enricher (default true). */
        public Builder dns(boolean enabled) {
            this.dns = enabled;
            return this;
        }

        /** Run the website probe (default true). */
        public Builder websiteProbe(boolean enabled) {
            this.website = enabled;
            return this;
        }

        /** Further DNS settings (timeouts, cache, limits), applied after the ones above. */
        public Builder configureDns(Consumer<DnsEnricher.Builder> settings) {
            this.dnsSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Further probe settings (timeouts, body cap, limits), applied after the ones above. */
        public Builder configureWebsiteProbe(Consumer<WebsiteProbe.Builder> settings) {
            this.probeSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The enabled network enrichers: DNS, then the website probe. */
        public List<LeadEnricher> build() {
            List<LeadEnricher> out = new ArrayList<>(2);
            if (dns) {
                DnsEnricher.Builder b = DnsEnricher.builder();
                dnsServer.ifPresent(b::resolver);
                dnsSettings.accept(b);
                out.add(b.build());
            }
            if (website) {
                WebsiteProbe.Builder b = WebsiteProbe.builder().allowPrivateAddresses(allowPrivate);
                dnsServer.ifPresent(b::dnsServer);
                probeSettings.accept(b);
                out.add(b.build());
            }
            return List.copyOf(out);
        }

        /** {@link Enrichers#defaults()} (which the network enrichers read) followed by {@link #build()}. */
        public List<LeadEnricher> buildWithOfflineEnrichers() {
            List<LeadEnricher> out = new ArrayList<>(Enrichers.defaults());
            out.addAll(build());
            return List.copyOf(out);
        }
    }
}
