package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Visits the lead's website (or its company domain): HTTPS first, plain HTTP as a fallback; follows at
 * most {@link Builder#maxRedirects} redirects itself, re-checking each hop against the SSRF guard; reads
 * the status, the final URL, whether it is HTTPS, the {@code <title>} and the meta description from at
 * most {@link Builder#maxBodyBytes} of body. Records the {@code website_*} {@link OsintSignals}.
 *
 * <p>SSRF guard: every host is resolved first and the probe connects only to an address it has checked
 * (sending the host name as {@code Host} and TLS SNI), never to loopback, private, link-local, CGNAT,
 * unique-local, multicast, unspecified or cloud metadata addresses; only {@code http} and {@code https}.
 * {@link Builder#allowPrivateAddresses(boolean)} lifts the private-range part for tests and intranets;
 * metadata, multicast and unspecified addresses stay refused even then.
 *
 * <p>Create one per deployment and share it across jobs: results are cached per site, concurrent probes
 * of one site are coalesced, requests are bounded globally and per host, and a circuit breaker skips the
 * probe (one warning per job) while the network is unreachable. Thread-safe.
 */
public interface WebsiteProbe extends NetworkEnricher {

    /** The User-Agent sent unless another is configured: it says who is asking and why. */
    String DEFAULT_USER_AGENT = "leadjobs-website-probe/0.1 (lead enrichment; reads one page per site)";

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link WebsiteProbe}; setters validate at once. Defaults: connect and read timeouts 5 s, 15 s
     * a request, 5 redirects, 256 KiB of body, 1 retry after 200 ms, results kept 1 h and unreachable sites
     * 10 min (100,000 sites at most), 32 requests in flight and 2 per host, and probing pauses for 30 s
     * after 5 sites in a row fail at the network level.
     */
    final class Builder extends HttpEnricherBuilder<Builder> {
        int maxRedirects = 5;
        int maxBodyBytes = 256 * 1024;
        String userAgent = DEFAULT_USER_AGENT;
        int maxConcurrentRequestsPerHost = 2;
        java.util.List<String> canaryDomains = ResolverCanary.DEFAULT_NAMES;
        final Set<InetSocketAddress> trustedEndpoints = new HashSet<>();

        Builder() {
            super(Duration.ofSeconds(15), 32, Duration.ofHours(1), Duration.ofMinutes(10), 5);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Redirects followed at most, 0-20 (default 5). */
        public Builder maxRedirects(int n) {
            this.maxRedirects = LeadJobsException.requireBetween("maxRedirects", n, 0, 20);
            return this;
        }

        /** Body bytes read at most, 1 KiB to 16 MiB (default 256 KiB); the rest is not downloaded. */
        public Builder maxBodyBytes(int n) {
            this.maxBodyBytes = LeadJobsException.requireBetween("maxBodyBytes", n, 1024, 16 * 1024 * 1024);
            return this;
        }

        /** The User-Agent header (default {@link WebsiteProbe#DEFAULT_USER_AGENT}). */
        public Builder userAgent(String userAgent) {
            Objects.requireNonNull(userAgent, "userAgent");
            if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw LeadJobsException.invalidSetting("userAgent", "non-blank printable ASCII", "'" + userAgent + "'");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Domains that certainly exist (default gmail.com, outlook.com, yahoo.com), asked when the DNS server
         * says a site's host does not exist: if none of them exists either, the server denies everything and
         * probes count as unavailable rather than the sites as unreachable. Empty: never checked. Used only
         * with {@link #dnsServer}.
         */
        public Builder canaryDomains(java.util.List<String> domains) {
            this.canaryDomains = DnsEnricher.Builder.canaries(domains);
            return this;
        }

        /** Requests in flight at once to one host (default 2). */
        public Builder maxConcurrentRequestsPerHost(int n) {
            this.maxConcurrentRequestsPerHost = LeadJobsException.requireBetween("maxConcurrentRequestsPerHost", n, 1, 100);
            return this;
        }

        /** Lets a test reach its own local server while the guard stays strict for every other address. */
        Builder trustEndpoint(InetSocketAddress endpoint) {
            this.trustedEndpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        public WebsiteProbe build() {
            return new HttpWebsiteProbe(this, tls());
        }
    }
}
