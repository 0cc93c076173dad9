package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.LeadJobsException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

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

    /** Builds a {@link WebsiteProbe}; setters validate at once. */
    final class Builder {
        Optional<InetSocketAddress> dnsServer = Optional.empty();
        boolean allowPrivate;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration readTimeout = Duration.ofSeconds(5);
        Duration requestTimeout = Duration.ofSeconds(15);
        int maxRedirects = 5;
        int maxBodyBytes = 256 * 1024;
        String userAgent = DEFAULT_USER_AGENT;
        int retries = 1;
        Duration backoff = Duration.ofMillis(200);
        Duration cacheTtl = Duration.ofHours(1);
        Duration negativeCacheTtl = Duration.ofMinutes(10);
        int maxCacheSize = 100_000;
        int maxConcurrentRequests = 32;
        int maxConcurrentRequestsPerHost = 2;
        int failureThreshold = 5;
        Duration circuitCooldown = Duration.ofSeconds(30);
        java.util.List<String> canaryDomains = ResolverCanary.DEFAULT_NAMES;
        Ticker ticker = Ticker.systemTicker();
        final Set<InetSocketAddress> trustedEndpoints = new HashSet<>();
        SSLContext sslContext;

        Builder() {
        }

        /** Resolve host names with this DNS server ({@code host:port}) instead of the system resolver. */
        public Builder dnsServer(String hostPort) {
            this.dnsServer = Optional.of(HostPort.parse("dnsServer", Objects.requireNonNull(hostPort, "dnsServer"), 53));
            return this;
        }

        public Builder dnsServer(InetSocketAddress address) {
            this.dnsServer = Optional.of(HostPort.requireResolved("dnsServer", Objects.requireNonNull(address, "dnsServer")));
            return this;
        }

        /** Allow loopback, private, link-local, CGNAT and unique-local addresses (default false). */
        public Builder allowPrivateAddresses(boolean allow) {
            this.allowPrivate = allow;
            return this;
        }

        /** Time to establish a TCP connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = SettingChecks.positive("connectTimeout", timeout);
            return this;
        }

        /** Longest silence while reading a response (default 5 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = SettingChecks.positive("readTimeout", timeout);
            return this;
        }

        /** Longest time for one request, connection to last byte read (default 15 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = SettingChecks.positive("requestTimeout", timeout);
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

        /** Retries of a request after a timeout or a reset connection, 0-5 (default 1). */
        public Builder retries(int n) {
            this.retries = LeadJobsException.requireBetween("retries", n, 0, 5);
            return this;
        }

        /** Base of the exponential backoff between retries (default 200 ms). */
        public Builder backoff(Duration backoff) {
            this.backoff = SettingChecks.notNegative("backoff", backoff);
            return this;
        }

        /** How long a site's result is kept (default 1 h); zero turns the cache (and coalescing) off. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = SettingChecks.notNegative("cacheTtl", ttl);
            return this;
        }

        /** How long an unreachable site's result is kept (default 10 min). */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = SettingChecks.notNegative("negativeCacheTtl", ttl);
            return this;
        }

        /** How many sites the cache holds at most (default 100,000). */
        public Builder maxCacheSize(int size) {
            this.maxCacheSize = LeadJobsException.requireBetween("maxCacheSize", size, 1, 10_000_000);
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

        /** Requests in flight at once, across all jobs (default 32). */
        public Builder maxConcurrentRequests(int n) {
            this.maxConcurrentRequests = LeadJobsException.requireBetween("maxConcurrentRequests", n, 1, 10_000);
            return this;
        }

        /** Requests in flight at once to one host (default 2). */
        public Builder maxConcurrentRequestsPerHost(int n) {
            this.maxConcurrentRequestsPerHost = LeadJobsException.requireBetween("maxConcurrentRequestsPerHost", n, 1, 100);
            return this;
        }

        /** Consecutive sites that failed at the network level after which probing pauses (default 5). */
        public Builder failureThreshold(int n) {
            this.failureThreshold = LeadJobsException.requireBetween("failureThreshold", n, 1, 1_000);
            return this;
        }

        /** How long probing pauses once the breaker opens, before one probe tries again (default 30 s). */
        public Builder circuitCooldown(Duration cooldown) {
            this.circuitCooldown = SettingChecks.positive("circuitCooldown", cooldown);
            return this;
        }

        /** A clock for the cache and the breaker; tests move it by hand. */
        Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Lets a test reach its own local server while the guard stays strict for every other address. */
        Builder trustEndpoint(InetSocketAddress endpoint) {
            this.trustedEndpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** TLS settings (trust store) for HTTPS; default: the JVM's. */
        Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        public WebsiteProbe build() {
            SSLContext tls = sslContext;
            if (tls == null) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new LeadJobsException("no TLS support in this JVM: " + e.getMessage(), e);
                }
            }
            return new HttpWebsiteProbe(this, tls);
        }
    }
}
