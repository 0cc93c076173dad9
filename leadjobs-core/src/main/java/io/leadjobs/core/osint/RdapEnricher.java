package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Asks the domain's registry over RDAP (the registries' JSON successor of WHOIS) when the lead's company
 * domain was registered: records {@code domain_registered_at} (an ISO-8601 instant) and
 * {@code domain_age_days}. The registry is found in IANA's RDAP bootstrap file ({@code dns.json}); a copy
 * ships in core ({@link #SHIPPED_BOOTSTRAP}), {@link Builder#bootstrap(Path)} reads a fresher one, and
 * {@link Builder#baseUrl(String)} sends every question to one server instead (a local mirror, a test
 * fixture). Free-mail domains are not looked up (gmail.com's age says nothing about a lead).
 *
 * <p>RDAP servers come from the bootstrap file or the operator, never from a lead, so they may be on any
 * address; redirects they answer with are checked against the same private-address guard as the website
 * probe. Create one per deployment: answers are cached per domain (a day by default), concurrent lookups of
 * one domain are coalesced, requests are bounded globally and per registry, and a circuit breaker skips
 * RDAP (one warning per job) while registries do not answer. Thread-safe.
 */
public interface RdapEnricher extends NetworkEnricher {

    /** The bootstrap file on core's classpath. */
    String SHIPPED_BOOTSTRAP = "io/leadjobs/core/osint/rdap-dns.json";

    /** The User-Agent sent to registries. */
    String USER_AGENT = "leadjobs-rdap/0.1 (lead enrichment; one lookup per domain)";

    static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link RdapEnricher}; setters validate at once. */
    final class Builder {
        Optional<URI> baseUrl = Optional.empty();
        Optional<RdapBootstrap> bootstrap = Optional.empty();
        Optional<InetSocketAddress> dnsServer = Optional.empty();
        boolean allowPrivate;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration readTimeout = Duration.ofSeconds(5);
        Duration requestTimeout = Duration.ofSeconds(10);
        int retries = 1;
        Duration backoff = Duration.ofMillis(200);
        Duration cacheTtl = Duration.ofHours(24);
        Duration negativeCacheTtl = Duration.ofHours(1);
        int maxCacheSize = 100_000;
        int maxConcurrentRequests = 8;
        int maxConcurrentRequestsPerRegistry = 4;
        int failureThreshold = 3;
        Duration circuitCooldown = Duration.ofSeconds(30);
        Clock clock = Clock.systemUTC();
        Ticker ticker = Ticker.systemTicker();
        SSLContext sslContext;

        Builder() {
        }

        /**
         * Ask this RDAP server about every domain ({@code http://127.0.0.1:8080/rdap/} asks
         * {@code http://127.0.0.1:8080/rdap/domain/acme.com}) instead of the registry named in the bootstrap file.
         */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "baseUrl");
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw LeadJobsException.invalidSetting("baseUrl", "an http or https URL", "'" + url + "'");
            }
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw LeadJobsException.invalidSetting("baseUrl", "an http or https URL without query or fragment",
                        "'" + url + "'");
            }
            this.baseUrl = Optional.of(RdapBootstrap.withSlash(uri));
            return this;
        }

        /** Read the bootstrap file from {@code file} (IANA's {@code dns.json} format) instead of the shipped copy. */
        public Builder bootstrap(Path file) {
            Objects.requireNonNull(file, "bootstrap");
            try (InputStream in = Files.newInputStream(file)) {
                this.bootstrap = Optional.of(RdapBootstrap.parse(in, file.toString()));
            } catch (IOException e) {
                throw new LeadJobsException("The RDAP bootstrap file " + file + " could not be read: " + e.getMessage(), e);
            }
            return this;
        }

        /** Resolve registry host names with this DNS server instead of the system resolver. */
        public Builder dnsServer(InetSocketAddress address) {
            this.dnsServer = Optional.of(Objects.requireNonNull(address, "dnsServer"));
            return this;
        }

        /** Let redirects lead to loopback and private addresses (default false). */
        public Builder allowPrivateAddresses(boolean allow) {
            this.allowPrivate = allow;
            return this;
        }

        /** Time to establish a TCP connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = SettingChecks.positive("connectTimeout", timeout);
            return this;
        }

        /** Longest silence while reading an answer (default 5 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = SettingChecks.positive("readTimeout", timeout);
            return this;
        }

        /** Longest time for one request (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = SettingChecks.positive("requestTimeout", timeout);
            return this;
        }

        /** Retries after a timeout or a reset connection, 0-5 (default 1). */
        public Builder retries(int n) {
            this.retries = LeadJobsException.requireBetween("retries", n, 0, 5);
            return this;
        }

        /** Base of the exponential backoff between retries (default 200 ms). */
        public Builder backoff(Duration backoff) {
            this.backoff = SettingChecks.notNegative("backoff", backoff);
            return this;
        }

        /** How long a domain's registration date is kept (default 24 h); zero turns the cache (and coalescing) off. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = SettingChecks.notNegative("cacheTtl", ttl);
            return this;
        }

        /** How long "not found" or a registry's error answer is kept (default 1 h). */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = SettingChecks.notNegative("negativeCacheTtl", ttl);
            return this;
        }

        /** How many domains the cache holds at most (default 100,000). */
        public Builder maxCacheSize(int size) {
            this.maxCacheSize = LeadJobsException.requireBetween("maxCacheSize", size, 1, 10_000_000);
            return this;
        }

        /** Requests in flight at once, across all jobs (default 8). */
        public Builder maxConcurrentRequests(int n) {
            this.maxConcurrentRequests = LeadJobsException.requireBetween("maxConcurrentRequests", n, 1, 10_000);
            return this;
        }

        /** Requests in flight at once to one registry server (default 4). */
        public Builder maxConcurrentRequestsPerRegistry(int n) {
            this.maxConcurrentRequestsPerRegistry = LeadJobsException.requireBetween("maxConcurrentRequestsPerRegistry", n, 1, 100);
            return this;
        }

        /** Consecutive lookups failing at the network level after which RDAP pauses (default 3). */
        public Builder failureThreshold(int n) {
            this.failureThreshold = LeadJobsException.requireBetween("failureThreshold", n, 1, 1_000);
            return this;
        }

        /** How long RDAP pauses once the breaker opens (default 30 s). */
        public Builder circuitCooldown(Duration cooldown) {
            this.circuitCooldown = SettingChecks.positive("circuitCooldown", cooldown);
            return this;
        }

        /** The clock that a domain's age is measured on (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A clock for the cache and the breaker; tests move it by hand. */
        Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** TLS settings (trust store) for HTTPS; default: the JVM's. */
        Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        public RdapEnricher build() {
            SSLContext tls = sslContext;
            if (tls == null) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new LeadJobsException("no TLS support in this JVM: " + e.getMessage(), e);
                }
            }
            RdapBootstrap servers = bootstrap.orElseGet(RdapBootstrap::shipped);
            return new RdapDomainAgeEnricher(this, servers, tls);
        }
    }
}
