package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.enrich.Domains;
import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.enrich.Signals;
import io.leadjobs.core.spi.EnrichmentContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link RdapEnricher}: bootstrap, bounded, cached, coalesced and breaker-guarded RDAP lookups. */
final class RdapDomainAgeEnricher implements RdapEnricher {

    private static final Logger LOG = LoggerFactory.getLogger(RdapDomainAgeEnricher.class);
    static final String UNAVAILABLE_LOG_KEY = "rdap-unavailable";
    private static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_REDIRECTS = 3;

    /** What the registry said about a domain. */
    record Answer(Optional<Instant> registered, String outcome) {
        boolean negative() {
            return registered.isEmpty();
        }
    }

    private final Optional<URI> baseUrl;
    private final RdapBootstrap bootstrap;
    private final HostResolver resolver;
    private final AddressGuard guard;
    private final PinnedHttpClient http;
    private final ConcurrencyLimits limits;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final int retries;
    private final Clock clock;
    private final Duration worstCase;
    private final Optional<AsyncCache<String, Coalescing.Outcome<Answer>>> cache;

    RdapDomainAgeEnricher(RdapEnricher.Builder b, RdapBootstrap bootstrap, SSLContext tls) {
        this.baseUrl = b.baseUrl;
        this.bootstrap = bootstrap;
        this.guard = new AddressGuard(b.allowPrivate, Set.of());
        this.resolver = b.dnsServer
                .map(server -> {
                    DnsClient client = new DnsClient(server, Duration.ofSeconds(2), 1, Duration.ofMillis(100),
                            new ConcurrencyLimits(b.maxConcurrentRequests, b.maxConcurrentRequestsPerRegistry * 2));
                    return HostResolver.dns(client, new ResolverCanary(client, ResolverCanary.DEFAULT_NAMES,
                            Duration.ofMinutes(5), System::nanoTime));
                })
                .orElseGet(HostResolver::system);
        this.http = new PinnedHttpClient(b.connectTimeout, b.readTimeout, b.requestTimeout, MAX_BODY, RdapEnricher.USER_AGENT,
                tls, "application/rdap+json, application/json;q=0.9");
        this.limits = new ConcurrencyLimits(b.maxConcurrentRequests, b.maxConcurrentRequestsPerRegistry);
        this.breaker = b.breaker();
        this.backoff = new Backoff(b.backoff);
        this.retries = b.retries;
        this.clock = b.clock;
        this.worstCase = b.requestTimeout.plusSeconds(5).multipliedBy((b.retries + 1L) * (MAX_REDIRECTS + 1L))
                .plusMillis(backoff.worstCaseMillis(b.retries));
        this.cache = b.outcomeCache(Answer::negative);
    }

    @Override
    public String name() {
        return "rdap";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        Optional<String> domain = LeadDomains.forMail(lead, context)
                .map(Domains::registrableDomain)
                .filter(d -> !Enrichers.FREE_MAIL_PROVIDERS.contains(d) && !context.get(Signals.FREE_EMAIL).orElse(false));
        if (domain.isEmpty()) {
            return;
        }
        Answer answer;
        try {
            answer = lookup(domain.get(), context.jobId());
        } catch (NetworkUnavailableException e) {
            context.logOnce(UNAVAILABLE_LOG_KEY, LogLevel.WARN, "RDAP lookups are unavailable (" + e.getMessage()
                    + "); leads are scored without domain age until the registries answer again");
            return;
        }
        answer.registered().ifPresent(at -> {
            context.put(OsintSignals.DOMAIN_REGISTERED_AT, at.toString());
            long days = Duration.between(at, clock.instant()).toDays();
            context.put(OsintSignals.DOMAIN_AGE_DAYS, (int) Math.max(0, Math.min(Integer.MAX_VALUE, days)));
        });
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    Answer lookup(String domain, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        if (cache.isEmpty()) {
            return load(domain, jobId);
        }
        return Coalescing.get(cache.get(), domain, () -> load(domain, jobId), worstCase);
    }

    private Answer load(String domain, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        Optional<URI> server = baseUrl.or(() -> bootstrap.serverFor(domain));
        if (server.isEmpty()) {
            return new Answer(Optional.empty(), "no_rdap_server");
        }
        URI uri = server.get().resolve("domain/" + domain);
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            throw new NetworkUnavailableException("recent lookups failed at the network level; RDAP paused", null);
        }
        try {
            Answer a = fetch(uri, domain);
            breaker.onSuccess(permit);
            return a;
        } catch (NetworkUnavailableException e) {
            if (breaker.onFailure(permit)) {
                LOG.warn("job {}: RDAP lookups fail at the network level ({}); pausing them", jobId, e.getMessage());
            }
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            breaker.release(permit);
            throw e;
        }
    }

    private Answer fetch(URI start, String domain) throws NetworkUnavailableException, InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            String host = PinnedHttpClient.hostOf(uri);
            List<InetAddress> addresses;
            try {
                addresses = PinnedHttpClient.isIpLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
            } catch (UnknownHostException e) {
                if (resolver.unknownHostMayBeNetwork()) {
                    throw new NetworkUnavailableException("could not resolve " + host, e);
                }
                return new Answer(Optional.empty(), "unresolvable");
            }
            if (hop > 0) { // the configured server is trusted; where it sends us is checked
                for (InetAddress a : addresses) {
                    if (guard.refusal(a, PinnedHttpClient.port(uri)).isPresent()) {
                        return new Answer(Optional.empty(), "blocked_address");
                    }
                }
            }
            PinnedHttpClient.Response response;
            try {
                response = send(uri, host, addresses);
            } catch (RegistryRefused e) {
                return new Answer(Optional.empty(), e.getMessage());
            }
            int status = response.status();
            Optional<String> location = response.header("location");
            if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location.isPresent()) {
                if (hop >= MAX_REDIRECTS) {
                    return new Answer(Optional.empty(), "too_many_redirects");
                }
                try {
                    uri = uri.resolve(new URI(location.get().strip()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return new Answer(Optional.empty(), "bad_redirect");
                }
                String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    return new Answer(Optional.empty(), "bad_redirect");
                }
                continue;
            }
            if (status == 404) {
                return new Answer(Optional.empty(), "not_found");
            }
            if (status != 200) {
                return new Answer(Optional.empty(), "http_" + status);
            }
            return new Answer(registration(response.body(), domain), "ok");
        }
    }

    /** The {@code registration} event's date, from an RDAP domain object. */
    static Optional<Instant> registration(byte[] body, String domain) {
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            LOG.debug("RDAP answer for {} is not JSON: {}", domain, e.getMessage());
            return Optional.empty();
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("events")
                || !root.getAsJsonObject().get("events").isJsonArray()) {
            return Optional.empty();
        }
        for (JsonElement e : root.getAsJsonObject().getAsJsonArray("events")) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject event = e.getAsJsonObject();
            if (event.has("eventAction") && event.get("eventAction").isJsonPrimitive()
                    && "registration".equalsIgnoreCase(event.get("eventAction").getAsString())
                    && event.has("eventDate") && event.get("eventDate").isJsonPrimitive()) {
                return parseDate(event.get("eventDate").getAsString());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> parseDate(String s) {
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(s.length() >= 10 ? s.substring(0, 10) : s)
                        .atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** One request under the limits, retried after timeouts and reset connections. */
    private PinnedHttpClient.Response send(URI uri, String host, List<InetAddress> addresses)
            throws NetworkUnavailableException, InterruptedException, RegistryRefused {
        for (int attempt = 1; ; attempt++) {
            try (ConcurrencyLimits.Lease lease = limits.acquire(host.toLowerCase(Locale.ROOT))) {
                try {
                    return http.get(uri, addresses);
                } catch (PinnedHttpClient.ConnectFailed e) {
                    Throwable cause = e.getCause();
                    boolean timedOut = cause instanceof SocketTimeoutException;
                    boolean refused = cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused");
                    if (refused) { // something answered: the network is there
                        throw new RegistryRefused("connect_failed");
                    }
                    if (!timedOut || attempt > retries) {
                        throw new NetworkUnavailableException("could not connect to " + host + ": " + cause.getMessage(), cause);
                    }
                } catch (SocketTimeoutException | NoRouteToHostException e) {
                    if (attempt > retries) {
                        throw new NetworkUnavailableException("no answer from " + host + " (" + e.getMessage() + ")", e);
                    }
                } catch (SSLException e) {
                    throw new RegistryRefused("tls_failed");
                } catch (SocketException e) {
                    if (attempt > retries) {
                        throw new NetworkUnavailableException("connection to " + host + " failed: " + e.getMessage(), e);
                    }
                } catch (PinnedHttpClient.ProtocolException e) {
                    throw new RegistryRefused("protocol_error");
                } catch (IOException e) {
                    throw new NetworkUnavailableException("RDAP request to " + host + " failed: " + e.getMessage(), e);
                }
            }
            backoff.pause(attempt);
        }
    }

    /** The registry's server answered, but not with an answer: a refused connection, failed TLS, bad HTTP. */
    private static final class RegistryRefused extends Exception {
        private static final long serialVersionUID = 1L;

        RegistryRefused(String outcome) {
            super(outcome, null, false, false);
        }
    }

    @Override
    public boolean circuitOpen() {
        return breaker.state() != CircuitBreaker.State.CLOSED;
    }
}
