package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Builds an {@link RdapEnricher}; setters validate at once. Defaults: connect and read timeouts 5 s, 10 s
     * a request, 1 retry after 200 ms, answers kept 24 h and "not found" 1 h (100,000 domains at most), 8
     * requests in flight and 4 per registry, and RDAP pauses for 30 s after 3 lookups in a row fail.
     */
    final class Builder extends HttpEnricherBuilder<Builder> {
        Optional<URI> baseUrl = Optional.empty();
        Optional<RdapBootstrap> bootstrap = Optional.empty();
        int maxConcurrentRequestsPerRegistry = 4;
        Clock clock = Clock.systemUTC();

        Builder() {
            super(Duration.ofSeconds(10), 8, Duration.ofHours(24), Duration.ofHours(1), 3);
        }

        @Override
        Builder self() {
            return this;
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

        /** Requests in flight at once to one registry server (default 4). */
        public Builder maxConcurrentRequestsPerRegistry(int n) {
            this.maxConcurrentRequestsPerRegistry = LeadJobsException.requireBetween("maxConcurrentRequestsPerRegistry", n, 1, 100);
            return this;
        }

        /** The clock that a domain's age is measured on (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RdapEnricher build() {
            return new RdapDomainAgeEnricher(this, bootstrap.orElseGet(RdapBootstrap::shipped), tls());
        }
    }
}
