package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.enrich.Signals;
import io.leadjobs.core.osint.SmtpSession.Reply;
import io.leadjobs.core.spi.EnrichmentContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The {@link SmtpVerifier}: guarded, bounded, cached SMTP conversations, kept open between a domain's addresses when allowed. */
final class SmtpConversations implements SmtpVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConversations.class);
    static final String UNAVAILABLE_LOG_KEY = "smtp-unavailable";
    static final String BLOCKED_LOG_KEY = "smtp-blocked";
    private static final Pattern FULL = Pattern.compile("(?i)\\b(full|quota|over ?quota|insufficient|storage)\\b|\\b[45]\\.2\\.2\\b");
    private static final Pattern DISABLED = Pattern.compile(
            "(?i)\\b(disabled|deactivated|inactive|suspended|locked|blocked account)\\b|\\b5\\.2\\.1\\b");
    private static final int MAX_LINE = 4096;
    private static final int MAX_LINES = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a conversation found out about one address; {@code detail} says in words why it is {@code unknown}. */
    record Verdict(String verdict, Optional<Integer> replyCode, Optional<Boolean> catchAll, Optional<String> detail) {
        Verdict(String verdict, Optional<Integer> replyCode, Optional<Boolean> catchAll) {
            this(verdict, replyCode, catchAll, Optional.empty());
        }

        boolean negative() {
            return verdict.equals("unknown");
        }
    }

    private final SmtpVerifier.Builder settings;
    private final SSLContext tls;
    private final AddressGuard guard;
    private final HostResolver resolver;
    private final DnsClient mxClient;
    private final ConcurrencyLimits limits;
    private final CircuitBreaker breaker;
    private final Ticker ticker;
    private final Duration worstCase;
    private final Optional<AsyncCache<String, Coalescing.Outcome<Verdict>>> cache;
    private final Optional<Cache<String, Boolean>> catchAll;
    private final Optional<Cache<String, List<InetAddress>>> mxAddresses;
    /** Per domain, its conversation kept open between addresses; only when one may ask several. */
    private final Optional<Cache<String, SmtpSession>> idle;
    private final Map<String, Long> nextStart = new ConcurrentHashMap<>();

    SmtpConversations(SmtpVerifier.Builder b, SSLContext tls) {
        this.settings = b;
        this.tls = tls;
        this.guard = new AddressGuard(b.allowPrivate, Set.of());
        InetSocketAddress dns = b.dnsServer.orElseGet(() -> ResolverConfig.getCurrentConfig().server());
        this.mxClient = new DnsClient(dns, Duration.ofSeconds(2), 1, Duration.ofMillis(100),
                new ConcurrencyLimits(b.maxConcurrentConversations * 2, 4));
        this.resolver = b.dnsServer.isPresent()
                ? HostResolver.dns(mxClient, new ResolverCanary(mxClient, ResolverCanary.DEFAULT_NAMES,
                        Duration.ofMinutes(5), System::nanoTime))
                : HostResolver.system();
        this.limits = new ConcurrencyLimits(b.maxConcurrentConversations, b.maxConcurrentConversationsPerDomain);
        this.breaker = b.breaker();
        this.ticker = b.ticker;
        this.worstCase = b.conversationTimeout.plus(b.connectTimeout).plusSeconds(10)
                .plus(b.minIntervalPerDomain).multipliedBy(4);
        this.cache = b.outcomeCache(Verdict::negative);
        this.catchAll = b.cacheTtl.isZero() ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .maximumSize(b.maxCacheSize).expireAfterWrite(b.cacheTtl).ticker(b.ticker).executor(Runnable::run)
                .<String, Boolean>build());
        this.mxAddresses = b.cacheTtl.isZero() ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .maximumSize(b.maxCacheSize).expireAfterWrite(b.cacheTtl).ticker(b.ticker).executor(Runnable::run)
                .<String, List<InetAddress>>build());
        this.idle = b.maxRecipientsPerConversation == 1 ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .maximumSize(b.maxIdleConversations)
                .expireAfterWrite(b.conversationIdleTimeout)
                .ticker(b.ticker)
                .scheduler(Scheduler.systemScheduler())
                .executor(Runnable::run)
                .removalListener((String domain, SmtpSession session, RemovalCause cause) -> {
                    if (session != null && cause != RemovalCause.EXPLICIT) {
                        session.hangUp(); // idle too long, too many idle, or replaced; never waits under the cache's lock
                    }
                })
                .<String, SmtpSession>build());
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        if (!context.get(Signals.EMAIL_VALID).orElse(false)) {
            return;
        }
        Optional<String> domain = context.get(Signals.EMAIL_DOMAIN).map(d -> d.toLowerCase(Locale.ROOT));
        String email = lead.email().strip();
        int at = email.lastIndexOf('@');
        if (domain.isEmpty() || at <= 0) {
            return;
        }
        String address = email.substring(0, at) + "@" + domain.get();
        Verdict verdict;
        try {
            List<String> mx = mxHosts(domain.get(), context);
            if (mx.isEmpty()) {
                return; // no MX: the DNS rules say so; nothing to ask
            }
            verdict = verify(address, domain.get(), mx);
        } catch (NetworkUnavailableException e) {
            context.put(OsintSignals.SMTP_VERDICT, "unknown");
            context.put(OsintSignals.SMTP_DETAIL, "Mail servers cannot be reached from here at the moment (port 25 may be"
                    + " blocked on this network), so the mailbox was not checked");
            context.logOnce(UNAVAILABLE_LOG_KEY, LogLevel.WARN, "SMTP checks are unavailable (" + e.getMessage()
                    + "); leads get smtp_verdict unknown until mail servers answer again");
            return;
        }
        context.put(OsintSignals.SMTP_VERDICT, verdict.verdict());
        verdict.replyCode().ifPresent(c -> context.put(OsintSignals.SMTP_REPLY_CODE, c));
        verdict.catchAll().ifPresent(c -> context.put(OsintSignals.SMTP_CATCH_ALL, c));
        verdict.detail().ifPresent(d -> context.put(OsintSignals.SMTP_DETAIL, d));
    }

    /** The MX hosts, most preferred first: from the DNS enricher when it ran, else asked here. */
    private List<String> mxHosts(String domain, EnrichmentContext context)
            throws NetworkUnavailableException, InterruptedException {
        Optional<List<String>> known = context.get(OsintSignals.MX_HOSTS);
        if (known.isPresent()) {
            return known.get();
        }
        if (context.get(OsintSignals.HAS_MX).isPresent()) {
            return List.of(); // the DNS enricher found none
        }
        Name name;
        try {
            name = Name.fromString(domain + ".");
        } catch (TextParseException e) {
            return List.of();
        }
        DnsClient.Answer answer = mxClient.ask(domain, List.of(new DnsClient.Question(name, Type.MX))).get(0);
        List<MXRecord> records = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r instanceof MXRecord mx && !mx.getTarget().equals(Name.root)) {
                records.add(mx);
            }
        }
        records.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<String> out = new ArrayList<>();
        for (MXRecord r : records) {
            String host = r.getTarget().toString(true).toLowerCase(Locale.ROOT);
            if (!out.contains(host)) {
                out.add(host);
            }
        }
        return out;
    }

    Verdict verify(String address, String domain, List<String> mx) throws NetworkUnavailableException, InterruptedException {
        String key = address.toLowerCase(Locale.ROOT);
        if (cache.isEmpty()) {
            return converse(address, domain, mx);
        }
        return Coalescing.get(cache.get(), key, () -> converse(address, domain, mx), worstCase);
    }

    /** One conversation with the best MX, one at a time per domain, spaced by the per-domain interval. */
    private Verdict converse(String address, String domain, List<String> mx)
            throws NetworkUnavailableException, InterruptedException {
        try (ConcurrencyLimits.Lease lease = limits.acquire(domain)) {
            Optional<Boolean> knownCatchAll = catchAll.flatMap(c -> Optional.ofNullable(c.getIfPresent(domain)));
            if (knownCatchAll.orElse(false)) {
                return new Verdict("catch_all", Optional.empty(), Optional.of(true)); // no conversation needed
            }
            pace(domain);
            CircuitBreaker.Permit permit = breaker.tryAcquire();
            if (permit == null) {
                throw new NetworkUnavailableException("recent conversations got no answer; SMTP checks paused", null);
            }
            Verdict v;
            try {
                v = talk(mx.get(0), address, domain, knownCatchAll.isEmpty());
            } catch (NetworkUnavailableException e) {
                if (breaker.onFailure(permit)) {
                    LOG.warn("SMTP conversations get no answer ({}); pausing them", e.getMessage());
                }
                throw e;
            } catch (InterruptedException | RuntimeException e) {
                breaker.release(permit);
                throw e;
            }
            breaker.onSuccess(permit);
            if (v.catchAll().isPresent() && catchAll.isPresent()) {
                catchAll.get().put(domain, v.catchAll().get());
            }
            if (v.catchAll().isEmpty() && knownCatchAll.isPresent() && v.verdict().equals("deliverable")) {
                return new Verdict(v.verdict(), v.replyCode(), knownCatchAll);
            }
            return v;
        }
    }

    private void pace(String domain) throws InterruptedException {
        long interval = settings.minIntervalPerDomain.toNanos();
        if (interval == 0) {
            return;
        }
        long now = ticker.read();
        long start = nextStart.merge(domain, now, (previous, n) -> Math.max(previous + interval, n));
        long wait = start - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * Asks about one address: on the domain's open conversation when one waits idle, else on a new one. A
     * kept conversation that the server closes (421, a dropped connection, silence) is given up and the
     * address asked again on a new one; on a new conversation an answered refusal is a verdict and silence
     * a network failure.
     */
    private Verdict talk(String mxHost, String address, String domain, boolean probeCatchAll)
            throws NetworkUnavailableException, InterruptedException {
        SmtpSession kept = idle.map(c -> c.asMap().remove(domain)).orElse(null);
        if (kept != null) {
            kept.deadline(System.nanoTime() + settings.conversationTimeout.toNanos());
            try {
                Verdict v = ask(kept, address, domain, probeCatchAll);
                if (v.replyCode().orElse(0) != 421) {
                    return release(domain, kept, v);
                }
            } catch (IOException e) {
                LOG.debug("A kept SMTP conversation with {} ended ({}); asking again on a new one", domain, e.getMessage());
            }
            kept.close();
        }
        return talkAnew(mxHost, address, domain, probeCatchAll);
    }

    private Verdict talkAnew(String mxHost, String address, String domain, boolean probeCatchAll)
            throws NetworkUnavailableException, InterruptedException {
        List<InetAddress> addresses;
        try {
            addresses = resolve(mxHost);
        } catch (UnknownHostException e) {
            if (resolver.unknownHostMayBeNetwork()) {
                throw new NetworkUnavailableException("could not resolve the MX host " + mxHost, e);
            }
            return unknown("The domain's mail server " + mxHost + " has no address in DNS, so it could not be asked");
        }
        for (InetAddress a : addresses) {
            if (guard.refusal(a, settings.port).isPresent()) {
                return unknown("The domain's mail server " + mxHost + " is on a private or reserved address,"
                        + " which mailbox checks do not contact");
            }
        }
        SmtpSession session;
        try {
            session = SmtpSession.connect(addresses, settings.port, (int) settings.connectTimeout.toMillis(),
                    (int) settings.readTimeout.toMillis(), System.nanoTime() + settings.conversationTimeout.toNanos());
        } catch (IOException e) {
            if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
                return unknown("The domain's mail server " + mxHost + " refused the connection, so the mailbox"
                        + " could not be checked"); // something answered: the network is there
            }
            throw new NetworkUnavailableException("could not connect to " + mxHost + ":" + settings.port
                    + " (" + e.getMessage() + ")", e);
        }
        boolean greeted = false;
        try {
            Reply greeting = session.greeting();
            greeted = true;
            if (greeting.code() != 220) {
                session.close();
                return new Verdict("unknown", Optional.of(greeting.code()), Optional.empty(), Optional.of(
                        "The mail server turned the check away before it began (code " + greeting.code() + ")"));
            }
            Optional<Reply> refused = session.begin(settings.helo, settings.sender, settings.startTls, tls, mxHost,
                    settings.port);
            if (refused.isPresent()) {
                session.quit();
                return new Verdict("unknown", Optional.of(refused.get().code()), Optional.empty(), Optional.of(
                        "The mail server would not begin a check (code " + refused.get().code() + ")"));
            }
            return release(domain, session, ask(session, address, domain, probeCatchAll));
        } catch (SocketTimeoutException e) {
            session.close();
            if (!greeted) {
                throw new NetworkUnavailableException("no greeting from " + mxHost + ":" + settings.port, e);
            }
            return unknown("The mail server stopped answering during the check");
        } catch (IOException e) {
            session.close();
            if (!greeted && e instanceof NoRouteToHostException) {
                throw new NetworkUnavailableException("no route to " + mxHost, e);
            }
            return unknown("The connection to the mail server broke off during the check"); // SSLException too
        }
    }

    /** The MX host's addresses, resolved once per {@code cacheTtl}. */
    private List<InetAddress> resolve(String mxHost)
            throws UnknownHostException, NetworkUnavailableException, InterruptedException {
        if (PinnedHttpClient.isIpLiteral(mxHost)) {
            return List.of(InetAddress.getByName(mxHost));
        }
        List<InetAddress> known = mxAddresses.map(c -> c.getIfPresent(mxHost)).orElse(null);
        if (known != null) {
            return known;
        }
        List<InetAddress> resolved = List.copyOf(resolver.resolve(mxHost));
        mxAddresses.ifPresent(c -> c.put(mxHost, resolved));
        return resolved;
    }

    /** RCPT TO the address and, when it is accepted and the domain's answer is not known, a random one. */
    private static Verdict ask(SmtpSession session, String address, String domain, boolean probeCatchAll)
            throws IOException {
        Reply rcpt = session.recipient(address);
        Optional<Boolean> isCatchAll = Optional.empty();
        if (rcpt.positive() && probeCatchAll) {
            Reply random = session.recipient(randomMailbox() + "@" + domain);
            if (random.positive()) {
                isCatchAll = Optional.of(true);
            } else if (random.code() / 100 == 5) {
                isCatchAll = Optional.of(false);
            }
        }
        return verdict(rcpt, isCatchAll);
    }

    /**
     * Keeps the conversation open for the domain's next address while it may ask more and the last answer
     * was a plain yes or no; otherwise says goodbye.
     */
    private Verdict release(String domain, SmtpSession session, Verdict v) {
        int code = v.replyCode().orElse(0);
        boolean plain = code / 100 == 2 || code / 100 == 5;
        if (idle.isPresent() && plain && session.recipients() < settings.maxRecipientsPerConversation) {
            idle.get().put(domain, session);
        } else {
            session.quit();
        }
        return v;
    }

    static Verdict verdict(Reply rcpt, Optional<Boolean> catchAll) {
        int code = rcpt.code();
        String text = String.join(" ", rcpt.lines());
        Optional<Integer> c = Optional.of(code);
        if (code / 100 == 2) {
            return new Verdict(catchAll.orElse(false) ? "catch_all" : "deliverable", c, catchAll);
        }
        if (code == 552 || code == 452 && FULL.matcher(text).find()) { // 552: storage exceeded; 452 4.2.2: over quota
            return new Verdict("mailbox_full", c, Optional.empty());
        }
        if (code / 100 == 5 && DISABLED.matcher(text).find()) {
            return new Verdict("disabled", c, Optional.empty());
        }
        if (code / 100 == 5) {
            return new Verdict("undeliverable", c, Optional.empty());
        }
        return new Verdict("unknown", c, Optional.empty(), Optional.of(code / 100 == 4 // greylisting, busy, closing
                ? "The mail server asked to try again later (code " + code + "), as servers do that hold back"
                        + " unknown senders or are busy"
                : "The mail server gave an answer that says neither yes nor no (code " + code + ")"));
    }

    private static Verdict unknown(String detail) {
        return new Verdict("unknown", Optional.empty(), Optional.empty(), Optional.of(detail));
    }

    private static String randomMailbox() {
        StringBuilder s = new StringBuilder("leadjobs-probe-");
        for (int i = 0; i < 16; i++) {
            s.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return s.toString();
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    @Override
    public boolean circuitOpen() {
        return breakerState() != CircuitBreaker.State.CLOSED;
    }
}
