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

    /** Says on each lead with a valid email that SMTP verification is off, so nobody mistakes silence for a verdict. */
    static final class SmtpNotChecked implements LeadEnricher {
        @Override
        public String name() {
            return "smtp";
        }

        @Override
        public void enrich(io.leadjobs.core.Lead lead, io.leadjobs.core.spi.EnrichmentContext context) {
            if (context.get(io.leadjobs.core.enrich.Signals.EMAIL_VALID).orElse(false)) {
                context.put(OsintSignals.SMTP_VERDICT, "not_checked");
                context.put(OsintSignals.SMTP_DETAIL, "Mailboxes are not checked with their mail servers here"
                        + " (SMTP checks are switched off)");
            }
        }
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
        private boolean rdap = true;
        private boolean smtp;
        private Consumer<DnsEnricher.Builder> dnsSettings = b -> { };
        private Consumer<WebsiteProbe.Builder> probeSettings = b -> { };
        private Consumer<RdapEnricher.Builder> rdapSettings = b -> { };
        private Consumer<SmtpVerifier.Builder> smtpSettings = b -> { };

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

        /** Ask the registries over RDAP when each company domain was registered (default true). */
        public Builder rdap(boolean enabled) {
            this.rdap = enabled;
            return this;
        }

        /**
         * Ask each email domain's mail server whether it accepts the address (default false: opt-in). While off,
         * every lead with an email gets {@code smtp_verdict = not_checked}.
         */
        public Builder smtp(boolean enabled) {
            this.smtp = enabled;
            return this;
        }

        /** Further RDAP settings (base URL, bootstrap file, timeouts, cache), applied after the ones above. */
        public Builder configureRdap(Consumer<RdapEnricher.Builder> settings) {
            this.rdapSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Further SMTP settings (port, HELO name, sender, timeouts, limits), applied after the ones above. */
        public Builder configureSmtp(Consumer<SmtpVerifier.Builder> settings) {
            this.smtpSettings = Objects.requireNonNull(settings, "settings");
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

        /** The enabled network enrichers: DNS, the website probe, RDAP, then SMTP (or its "not checked" marker). */
        public List<LeadEnricher> build() {
            List<LeadEnricher> out = new ArrayList<>(4);
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
            if (rdap) {
                RdapEnricher.Builder b = RdapEnricher.builder().allowPrivateAddresses(allowPrivate);
                dnsServer.ifPresent(b::dnsServer);
                rdapSettings.accept(b);
                out.add(b.build());
            }
            if (smtp) {
                SmtpVerifier.Builder b = SmtpVerifier.builder().allowPrivateAddresses(allowPrivate);
                dnsServer.ifPresent(b::dnsServer);
                smtpSettings.accept(b);
                out.add(b.build());
            } else {
                out.add(new SmtpNotChecked());
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
