package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link WebsiteProbe}: guarded, pinned, bounded, cached and breaker-guarded site visits. */
final class HttpWebsiteProbe implements WebsiteProbe {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebsiteProbe.class);
    static final String UNAVAILABLE_LOG_KEY = "website-unavailable";
    static final String BLOCKED_LOG_KEY = "website-blocked";
    /** Statuses that show a live site refusing this visitor (login, bot protection, rate limit). */
    private static final java.util.Set<Integer> LIVE_BEHIND_ACCESS_CONTROL = java.util.Set.of(401, 403, 429);

    private final AddressGuard guard;
    private final HostResolver resolver;
    private final PinnedHttpClient http;
    private final ConcurrencyLimits limits;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final int retries;
    private final int maxRedirects;
    private final Duration worstCase;
    private final Optional<AsyncCache<String, Coalescing.Outcome<ProbeResult>>> cache;

    HttpWebsiteProbe(WebsiteProbe.Builder b, SSLContext tls) {
        this.guard = new AddressGuard(b.allowPrivate, b.trustedEndpoints);
        this.limits = new ConcurrencyLimits(b.maxConcurrentRequests, b.maxConcurrentRequestsPerHost);
        this.resolver = b.dnsServer.map(server -> {
            DnsClient client = new DnsClient(server, dnsTimeout(b.connectTimeout), 1, Duration.ofMillis(100),
                    new ConcurrencyLimits(b.maxConcurrentRequests, b.maxConcurrentRequestsPerHost * 2));
            return HostResolver.dns(client, new ResolverCanary(client, b.canaryDomains, Duration.ofMinutes(5), b.ticker::read));
        }).orElseGet(HostResolver::system);
        this.http = new PinnedHttpClient(b.connectTimeout, b.readTimeout, b.requestTimeout, b.maxBodyBytes, b.userAgent, tls);
        this.breaker = b.breaker();
        this.backoff = new Backoff(b.backoff);
        this.retries = b.retries;
        this.maxRedirects = b.maxRedirects;
        this.worstCase = b.requestTimeout.plusSeconds(5).multipliedBy((b.retries + 1L) * (b.maxRedirects + 1L) * 2)
                .plusMillis(backoff.worstCaseMillis(b.retries) * 2);
        this.cache = b.outcomeCache(ProbeResult::negative);
    }

    /** Name lookups wait as long as a connect may, at most 2 s. */
    private static Duration dnsTimeout(Duration connectTimeout) {
        return connectTimeout.compareTo(Duration.ofSeconds(2)) < 0 ? connectTimeout : Duration.ofSeconds(2);
    }

    @Override
    public String name() {
        return "website";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        Optional<String> site = LeadDomains.forWebsite(lead, context);
        if (site.isEmpty()) {
            return;
        }
        Optional<SiteTarget> target = SiteTarget.parse(site.get());
        if (target.isEmpty()) {
            context.put(OsintSignals.WEBSITE_ERROR, "invalid_url");
            return;
        }
        ProbeResult result;
        try {
            result = probe(target.get(), context.jobId());
        } catch (NetworkUnavailableException e) {
            context.put(OsintSignals.WEBSITE_ERROR, "unavailable");
            context.logOnce(UNAVAILABLE_LOG_KEY, LogLevel.WARN, "Website probes are unavailable (" + e.getMessage()
                    + "); leads are scored without website signals until the network answers again");
            return;
        }
        result.reachable().ifPresent(v -> context.put(OsintSignals.WEBSITE_REACHABLE, v));
        result.status().ifPresent(v -> context.put(OsintSignals.WEBSITE_HTTP_STATUS, v));
        result.finalUrl().ifPresent(v -> context.put(OsintSignals.WEBSITE_FINAL_URL, v));
        result.https().ifPresent(v -> context.put(OsintSignals.WEBSITE_HTTPS, v));
        result.title().ifPresent(v -> context.put(OsintSignals.WEBSITE_TITLE, v));
        result.description().ifPresent(v -> context.put(OsintSignals.WEBSITE_DESCRIPTION, v));
        result.error().ifPresent(v -> context.put(OsintSignals.WEBSITE_ERROR, v));
        result.parked().ifPresent(v -> context.put(OsintSignals.WEBSITE_PARKED, v));
        if (!result.socialProfiles().isEmpty()) {
            context.put(OsintSignals.SOCIAL_PROFILES, result.socialProfiles());
        }
        if (result.error().filter(e -> e.startsWith("blocked")).isPresent()) {
            context.logOnce(BLOCKED_LOG_KEY, LogLevel.INFO, "The website probe refused to connect to a private, reserved"
                    + " or non-HTTP address (first seen for " + target.get().key() + "); private addresses are"
                    + " probed only when allowed (LEADJOBS_PROBE_ALLOW_PRIVATE=true)");
        }
    }

    ProbeResult probe(SiteTarget target, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        if (cache.isEmpty()) {
            return load(target, jobId);
        }
        return Coalescing.get(cache.get(), target.key(), () -> load(target, jobId), worstCase);
    }

    // ---- one site

    /** One attempt at one candidate URL, redirects included. */
    private record Fetch(Optional<Reached> reached, Optional<String> error, boolean networkDown, boolean blocked,
            Optional<Integer> status, Optional<URI> lastUri, String detail) {
        static Fetch ok(Reached r) {
            return new Fetch(Optional.of(r), Optional.empty(), false, false, Optional.of(r.response().status()),
                    Optional.of(r.uri()), "");
        }

        static Fetch failed(String error, boolean networkDown, String detail) {
            return new Fetch(Optional.empty(), Optional.of(error), networkDown, false, Optional.empty(), Optional.empty(), detail);
        }

        static Fetch blocked(String error, String detail) {
            return new Fetch(Optional.empty(), Optional.of(error), false, true, Optional.empty(), Optional.empty(), detail);
        }
    }

    private record Reached(URI uri, PinnedHttpClient.Response response) {
    }

    private ProbeResult load(SiteTarget target, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            throw new NetworkUnavailableException("recent sites failed at the network level; probing paused", null);
        }
        Fetch last = null;
        boolean networkAnswered = false;
        try {
            for (URI candidate : target.candidates()) {
                last = fetch(candidate);
                networkAnswered |= last.reached().isPresent() || (!last.networkDown() && !last.blocked());
                if (last.reached().isPresent() || last.blocked()) {
                    break;
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            breaker.release(permit);
            throw e;
        }
        if (networkAnswered) {
            breaker.onSuccess(permit);
        } else if (last.blocked()) {
            breaker.release(permit);
        } else {
            String why = last.error().orElse("failed") + (last.detail().isEmpty() ? "" : ": " + last.detail());
            if (breaker.onFailure(permit)) {
                LOG.warn("job {}: website probes fail at the network level ({}); pausing them", jobId, why);
            }
            throw new NetworkUnavailableException("the network did not answer: " + why, null);
        }
        return result(last);
    }

    private static ProbeResult result(Fetch f) {
        if (f.reached().isEmpty()) {
            boolean unreachable = !f.blocked();
            return new ProbeResult(unreachable ? Optional.of(false) : Optional.empty(), f.status(),
                    f.lastUri().map(URI::toString), f.lastUri().map(HttpWebsiteProbe::isHttps),
                    Optional.empty(), Optional.empty(), f.error(), 0, Optional.empty(), List.of());
        }
        Reached r = f.reached().get();
        int status = r.response().status();
        boolean ok = status >= 200 && status < 300;
        boolean live = status < 400 || LIVE_BEHIND_ACCESS_CONTROL.contains(status);
        boolean html = ok && isHtml(r.response());
        Optional<Document> document = html
                ? Optional.of(Jsoup.parse(HtmlMeta.decode(r.response().body(), r.response().header("content-type")),
                        r.uri().toString()))
                : Optional.empty();
        HtmlMeta.Meta meta = document.map(HtmlMeta::extract).orElse(new HtmlMeta.Meta(Optional.empty(), Optional.empty()));
        HomePage page = HomePage.read(document, r.uri());
        Optional<Boolean> parked = html || page.parked() ? Optional.of(page.parked()) : Optional.empty();
        return new ProbeResult(Optional.of(live), Optional.of(status), Optional.of(r.uri().toString()),
                Optional.of(isHttps(r.uri())), meta.title(), meta.description(), Optional.empty(), r.response().body().length,
                parked, page.socialProfiles());
    }

    private static boolean isHtml(PinnedHttpClient.Response r) {
        String type = r.header("content-type").orElse("text/html").toLowerCase(Locale.ROOT);
        return type.contains("html") || type.startsWith("text/plain");
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** Follows one candidate through at most maxRedirects redirects, checking every hop. */
    private Fetch fetch(URI start) throws InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Fetch.blocked("blocked_scheme", "scheme '" + scheme + "' of " + uri);
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Fetch.failed(hop == 0 ? "invalid_url" : "bad_redirect", false, "no usable host in " + uri);
            }
            String host = PinnedHttpClient.hostOf(uri);
            int port = PinnedHttpClient.port(uri);
            List<InetAddress> addresses;
            try {
                addresses = resolve(host);
            } catch (UnknownHostException e) {
                return Fetch.failed("unresolvable", resolver.unknownHostMayBeNetwork(), host);
            } catch (NetworkUnavailableException e) {
                return Fetch.failed("unresolvable", true, e.getMessage());
            }
            for (InetAddress a : addresses) {
                Optional<String> refusal = guard.refusal(a, port);
                if (refusal.isPresent()) {
                    return Fetch.blocked("blocked_address", refusal.get() + " for " + host);
                }
            }
            PinnedHttpClient.Response response;
            try {
                response = send(uri, host, addresses);
            } catch (SocketTimeoutException e) {
                return Fetch.failed("timeout", e instanceof ConnectTimeout, uri.toString());
            } catch (SSLException e) {
                return Fetch.failed("tls_failed", false, String.valueOf(e.getMessage()));
            } catch (PinnedHttpClient.ProtocolException e) {
                return Fetch.failed("protocol_error", false, e.getMessage());
            } catch (IOException e) {
                boolean down = e instanceof NoRouteToHostException
                        || (e instanceof ConnectException && !String.valueOf(e.getMessage()).contains("refused"));
                return Fetch.failed("connect_failed", down, String.valueOf(e.getMessage()));
            }
            int status = response.status();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            Optional<String> location = response.header("location");
            if (!redirect || location.isEmpty()) {
                return Fetch.ok(new Reached(uri, response));
            }
            if (hop >= maxRedirects) {
                return new Fetch(Optional.empty(), Optional.of("too_many_redirects"), false, false,
                        Optional.of(status), Optional.of(uri), "more than " + maxRedirects + " redirects");
            }
            try {
                uri = uri.resolve(new URI(location.get().strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return new Fetch(Optional.empty(), Optional.of("bad_redirect"), false, false, Optional.of(status),
                        Optional.of(uri), "unusable Location header");
            }
        }
    }

    private List<InetAddress> resolve(String host)
            throws UnknownHostException, NetworkUnavailableException, InterruptedException {
        if (PinnedHttpClient.isIpLiteral(host)) {
            return List.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
        }
        return resolver.resolve(host);
    }

    /** One request under the limits, retried with backoff after timeouts and reset connections. */
    private PinnedHttpClient.Response send(URI uri, String host, List<InetAddress> addresses)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (ConcurrencyLimits.Lease lease = limits.acquire(host.toLowerCase(Locale.ROOT))) {
                try {
                    return http.get(uri, addresses);
                } catch (PinnedHttpClient.ConnectFailed e) {
                    if (e.getCause() instanceof SocketTimeoutException t) {
                        if (attempt > retries) {
                            throw new ConnectTimeout(t.getMessage());
                        }
                    } else {
                        throw (IOException) e.getCause();
                    }
                } catch (SocketTimeoutException e) {
                    if (attempt > retries) {
                        throw e;
                    }
                } catch (SocketException e) {
                    if (attempt > retries || !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                        throw e;
                    }
                }
            }
            backoff.pause(attempt);
        }
    }

    /** A connect that timed out: unlike a read timeout, it says nothing answered at all. */
    static final class ConnectTimeout extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        ConnectTimeout(String message) {
            super(message);
        }
    }

    @Override
    public boolean circuitOpen() {
        return breaker.state() != CircuitBreaker.State.CLOSED;
    }
}
