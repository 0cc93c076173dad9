package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.enrich.Signals;
import io.leadjobs.core.spi.EnrichmentContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The {@link SmtpVerifier}: one guarded, bounded, cached SMTP conversation per address. */
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

    /** What a conversation found out about one address. */
    record Verdict(String verdict, Optional<Integer> replyCode, Optional<Boolean> catchAll) {
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
            context.logOnce(UNAVAILABLE_LOG_KEY, LogLevel.WARN, "SMTP checks are unavailable (" + e.getMessage()
                    + "); leads get smtp_verdict unknown until mail servers answer again");
            return;
        }
        context.put(OsintSignals.SMTP_VERDICT, verdict.verdict());
        verdict.replyCode().ifPresent(c -> context.put(OsintSignals.SMTP_REPLY_CODE, c));
        verdict.catchAll().ifPresent(c -> context.put(OsintSignals.SMTP_CATCH_ALL, c));
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

    /** The dialogue; an answered refusal is a verdict, silence is a network failure. */
    private Verdict talk(String mxHost, String address, String domain, boolean probeCatchAll)
            throws NetworkUnavailableException, InterruptedException {
        List<InetAddress> addresses;
        try {
            addresses = PinnedHttpClient.isIpLiteral(mxHost) ? List.of(InetAddress.getByName(mxHost)) : resolver.resolve(mxHost);
        } catch (UnknownHostException e) {
            if (resolver.unknownHostMayBeNetwork()) {
                throw new NetworkUnavailableException("could not resolve the MX host " + mxHost, e);
            }
            return unknown();
        }
        for (InetAddress a : addresses) {
            if (guard.refusal(a, settings.port).isPresent()) {
                return new Verdict("unknown", Optional.empty(), Optional.empty());
            }
        }
        long deadline = System.nanoTime() + settings.conversationTimeout.toNanos();
        Socket socket = null;
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, settings.port), (int) settings.connectTimeout.toMillis());
                socket = s;
                break;
            } catch (IOException e) {
                closeQuietly(s);
                last = e;
            }
        }
        if (socket == null) {
            boolean refused = last instanceof ConnectException && String.valueOf(last.getMessage()).contains("refused");
            if (refused) {
                return unknown(); // something answered: the network is there
            }
            throw new NetworkUnavailableException("could not connect to " + mxHost + ":" + settings.port
                    + (last == null ? "" : " (" + last.getMessage() + ")"), last);
        }
        boolean greeted = false;
        try {
            socket.setSoTimeout((int) settings.readTimeout.toMillis());
            Channel c = new Channel(socket, deadline);
            Reply greeting = c.read();
            greeted = true;
            if (greeting.code() != 220) {
                return new Verdict("unknown", Optional.of(greeting.code()), Optional.empty());
            }
            Reply ehlo = c.command("EHLO " + settings.helo);
            if (ehlo.code() != 250) {
                ehlo = c.command("HELO " + settings.helo);
                if (ehlo.code() != 250) {
                    return c.quit(new Verdict("unknown", Optional.of(ehlo.code()), Optional.empty()));
                }
            }
            if (settings.startTls && ehlo.lines().stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
                Reply go = c.command("STARTTLS");
                if (go.code() == 220) {
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, mxHost, settings.port, true);
                    secure.startHandshake();
                    socket = secure;
                    c = new Channel(secure, deadline);
                    Reply again = c.command("EHLO " + settings.helo);
                    if (again.code() != 250) {
                        return c.quit(new Verdict("unknown", Optional.of(again.code()), Optional.empty()));
                    }
                }
            }
            Reply from = c.command("MAIL FROM:<" + settings.sender + ">");
            if (from.code() / 100 != 2) {
                return c.quit(new Verdict("unknown", Optional.of(from.code()), Optional.empty()));
            }
            Reply rcpt = c.command("RCPT TO:<" + address + ">");
            Optional<Boolean> isCatchAll = Optional.empty();
            if (rcpt.code() / 100 == 2 && probeCatchAll) {
                Reply random = c.command("RCPT TO:<" + randomMailbox() + "@" + domain + ">");
                if (random.code() / 100 == 2) {
                    isCatchAll = Optional.of(true);
                } else if (random.code() / 100 == 5) {
                    isCatchAll = Optional.of(false);
                }
            }
            return c.quit(verdict(rcpt, isCatchAll));
        } catch (SocketTimeoutException e) {
            if (!greeted) {
                throw new NetworkUnavailableException("no greeting from " + mxHost + ":" + settings.port, e);
            }
            return unknown();
        } catch (SSLException e) {
            return unknown();
        } catch (IOException e) {
            if (!greeted && e instanceof NoRouteToHostException) {
                throw new NetworkUnavailableException("no route to " + mxHost, e);
            }
            return unknown();
        } finally {
            closeQuietly(socket);
        }
    }

    private static Verdict verdict(Reply rcpt, Optional<Boolean> catchAll) {
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
        return new Verdict("unknown", c, Optional.empty()); // 4xx: greylisting, busy, closing
    }

    private static Verdict unknown() {
        return new Verdict("unknown", Optional.empty(), Optional.empty());
    }

    private static String randomMailbox() {
        StringBuilder s = new StringBuilder("leadjobs-probe-");
        for (int i = 0; i < 16; i++) {
            s.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return s.toString();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing after the conversation; nothing to report
            }
        }
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /** A reply: its code and its lines' texts (after the code and separator). */
    record Reply(int code, List<String> lines) {
    }

    /** Commands and replies over one socket, every read bounded by the conversation's deadline. */
    private static final class Channel {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final long deadline;

        Channel(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = new BufferedOutputStream(socket.getOutputStream());
            this.deadline = deadline;
        }

        Reply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        }

        Verdict quit(Verdict v) {
            try {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                read();
            } catch (IOException ignored) {
                // the verdict is known; a server that hangs up instead of saying goodbye changes nothing
            }
            return v;
        }

        Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            for (int n = 0; n < MAX_LINES; n++) {
                String line = line();
                if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                        || !Character.isDigit(line.charAt(2))) {
                    throw new IOException("malformed SMTP reply line");
                }
                int code = Integer.parseInt(line.substring(0, 3));
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) != '-') {
                    return new Reply(code, lines);
                }
            }
            throw new IOException("SMTP reply longer than " + MAX_LINES + " lines");
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SocketTimeoutException("SMTP conversation took too long");
                }
                if (socket.getSoTimeout() == 0 || socket.getSoTimeout() > left) {
                    socket.setSoTimeout((int) Math.max(1, left));
                }
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed by the SMTP server");
                }
                if (b == '\n') {
                    int len = s.length();
                    return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
                }
                if (s.length() >= MAX_LINE) {
                    throw new IOException("SMTP reply line longer than " + MAX_LINE + " characters");
                }
                s.append((char) b);
            }
        }
    }

    @Override
    public boolean circuitOpen() {
        return breakerState() != CircuitBreaker.State.CLOSED;
    }
}
