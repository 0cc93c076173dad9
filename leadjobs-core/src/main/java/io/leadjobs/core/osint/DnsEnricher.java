package io.leadjobs.core.osint;

import java.net.InetSocketAddress;
import java.time.Duration;
import io.leadjobs.core.LeadJobsException;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.ResolverConfig;

/**
 * Looks up the lead's email domain in DNS: MX (and the mail provider behind it), A/AAAA, SPF and DMARC.
 * Records the {@link OsintSignals} {@code dns_status}, {@code has_mx}, {@code mx_hosts}, {@code mail_provider},
 * {@code domain_resolves}, {@code has_spf}, {@code has_dmarc} and {@code dmarc_policy}.
 *
 * <p>Create one per deployment and share it across jobs: answers are cached per domain (negative answers
 * for a shorter time), concurrent lookups of one domain are coalesced into one, and the resolver sees at
 * most {@link Builder#maxConcurrentQueries} questions at once. When the resolver stops answering, a circuit
 * breaker makes later leads skip DNS at once (one warning per job) and probes again after a cooldown.
 * Thread-safe.
 */
public interface DnsEnricher extends NetworkEnricher {

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link DnsEnricher}; setters validate at once. Defaults: answers kept 1 h and negative ones
     * 10 min (100,000 domains at most), and DNS is skipped for 30 s after 3 lookups in a row fail.
     */
    final class Builder extends EnricherBuilder<Builder> {
        InetSocketAddress resolver;
        Duration timeout = Duration.ofSeconds(2);
        int retries = 1;
        Duration backoff = Duration.ofMillis(100);
        int maxConcurrentQueries = 64;
        int maxConcurrentQueriesPerDomain = 5;
        List<String> canaryDomains = ResolverCanary.DEFAULT_NAMES;
        Duration canaryTtl = Duration.ofMinutes(5);

        Builder() {
            super(Duration.ofHours(1), Duration.ofMinutes(10), 3, Duration.ofSeconds(30));
        }

        @Override
        Builder self() {
            return this;
        }

        /** The resolver to ask, {@code host:port} ({@code 127.0.0.1:5353}, {@code [::1]:53}; port 53 if left out). Default: the system's first nameserver. */
        public Builder resolver(String hostPort) {
            this.resolver = HostPort.parse("resolver", Objects.requireNonNull(hostPort, "resolver"), 53);
            return this;
        }

        /** The resolver to ask; its host must be resolved already (an address, not a bare name). */
        public Builder resolver(InetSocketAddress address) {
            this.resolver = HostPort.requireResolved("resolver", Objects.requireNonNull(address, "resolver"));
            return this;
        }

        /**
         * Domains that certainly exist (default gmail.com, outlook.com, yahoo.com). When the resolver says a
         * lead's domain does not exist, these are asked too: if none of them exists either, the resolver denies
         * everything and DNS counts as unavailable (no penalty, one warning per job). Empty: never checked.
         */
        public Builder canaryDomains(List<String> domains) {
            this.canaryDomains = canaries(domains);
            return this;
        }

        /** How long the canaries' verdict on the resolver is kept (default 5 min). */
        public Builder canaryTtl(Duration ttl) {
            this.canaryTtl = LeadJobsException.requirePositive("canaryTtl", ttl);
            return this;
        }

        /** How long to wait for one answer (default 2 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = LeadJobsException.requirePositive("timeout", timeout);
            return this;
        }

        /** Retries of a question after a timeout, an I/O error or SERVFAIL, 0-5 (default 1). */
        public Builder retries(int retries) {
            this.retries = LeadJobsException.requireBetween("retries", retries, 0, 5);
            return this;
        }

        /** Base of the exponential backoff between retries (default 100 ms; zero retries at once). */
        public Builder backoff(Duration backoff) {
            this.backoff = LeadJobsException.requireNotNegative("backoff", backoff);
            return this;
        }

        /** Questions in flight at once, across all jobs (default 64). */
        public Builder maxConcurrentQueries(int n) {
            this.maxConcurrentQueries = LeadJobsException.requireBetween("maxConcurrentQueries", n, 1, 10_000);
            return this;
        }

        /** Questions in flight at once about one domain (default 5, the questions of one lookup). */
        public Builder maxConcurrentQueriesPerDomain(int n) {
            this.maxConcurrentQueriesPerDomain = LeadJobsException.requireBetween("maxConcurrentQueriesPerDomain", n, 1, 100);
            return this;
        }

        static List<String> canaries(List<String> domains) {
            List<String> out = new java.util.ArrayList<>();
            for (String d : Objects.requireNonNull(domains, "canaryDomains")) {
                out.add(DnsNames.normalise(Objects.requireNonNull(d, "canaryDomains")).orElseThrow(() ->
                        LeadJobsException.invalidSetting("canaryDomains", "domain names such as gmail.com", "'" + d + "'")));
            }
            return List.copyOf(out);
        }

        public DnsEnricher build() {
            InetSocketAddress server = resolver != null ? resolver : ResolverConfig.getCurrentConfig().server();
            return new DnsLookupEnricher(this, server);
        }
    }
}
