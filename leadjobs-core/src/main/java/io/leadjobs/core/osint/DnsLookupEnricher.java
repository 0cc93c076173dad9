package io.leadjobs.core.osint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import io.leadjobs.core.Lead;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.spi.EnrichmentContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The {@link DnsEnricher}: a cached, coalesced, bounded and breaker-guarded lookup per email domain. */
final class DnsLookupEnricher implements DnsEnricher {

    private static final Logger LOG = LoggerFactory.getLogger(DnsLookupEnricher.class);
    static final String UNAVAILABLE_LOG_KEY = "dns-unavailable";
    private static final int MAX_MX_HOSTS = 5;

    private final DnsClient client;
    private final CircuitBreaker breaker;
    private final ResolverCanary canary;
    private final Optional<AsyncCache<String, Coalescing.Outcome<DnsFacts>>> cache;

    DnsLookupEnricher(DnsEnricher.Builder b, java.net.InetSocketAddress server) {
        ConcurrencyLimits limits = new ConcurrencyLimits(b.maxConcurrentQueries, b.maxConcurrentQueriesPerDomain);
        this.client = new DnsClient(server, b.timeout, b.retries, b.backoff, limits);
        this.breaker = b.breaker();
        this.canary = new ResolverCanary(client, b.canaryDomains, b.canaryTtl, b.ticker::read);
        this.cache = b.outcomeCache(DnsFacts::negative);
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        Optional<String> domain = LeadDomains.forMail(lead, context);
        if (domain.isEmpty()) {
            return;
        }
        DnsFacts facts;
        try {
            facts = lookup(domain.get(), context.jobId());
        } catch (NetworkUnavailableException e) {
            context.put(OsintSignals.DNS_STATUS, DnsFacts.UNAVAILABLE);
            context.logOnce(UNAVAILABLE_LOG_KEY, LogLevel.WARN, "DNS lookups are unavailable (" + e.getMessage()
                    + "); leads are scored without MX, SPF and DMARC signals until the resolver answers again");
            return;
        }
        record(facts, context);
    }

    private static void record(DnsFacts facts, EnrichmentContext context) {
        context.put(OsintSignals.DNS_STATUS, facts.status());
        facts.hasMx().ifPresent(v -> context.put(OsintSignals.HAS_MX, v));
        if (!facts.mxHosts().isEmpty()) {
            context.put(OsintSignals.MX_HOSTS, facts.mxHosts());
        }
        facts.mailProvider().ifPresent(v -> context.put(OsintSignals.MAIL_PROVIDER, v));
        facts.resolves().ifPresent(v -> context.put(OsintSignals.DOMAIN_RESOLVES, v));
        facts.hasSpf().ifPresent(v -> context.put(OsintSignals.HAS_SPF, v));
        facts.hasDmarc().ifPresent(v -> context.put(OsintSignals.HAS_DMARC, v));
        facts.dmarcPolicy().ifPresent(v -> context.put(OsintSignals.DMARC_POLICY, v));
    }

    /** The facts for one domain: from the cache, from a lookup already in flight, or from a new lookup. */
    DnsFacts lookup(String domain, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        if (cache.isEmpty()) {
            return load(domain, jobId);
        }
        return Coalescing.get(cache.get(), domain, () -> load(domain, jobId), client.worstCase().plusSeconds(1));
    }

    private DnsFacts load(String domain, UUID jobId) throws NetworkUnavailableException, InterruptedException {
        Optional<String> denied = canary.knownDistrust();
        if (denied.isPresent()) {
            throw new NetworkUnavailableException(denied.get(), null);
        }
        CircuitBreaker.Permit permit = breaker.tryAcquire();
        if (permit == null) {
            throw new NetworkUnavailableException("the resolver " + client.resolverText()
                    + " failed repeatedly; DNS is skipped for a while", null);
        }
        List<DnsClient.Answer> answers;
        try {
            Name name = Name.fromString(domain + ".");
            Name dmarc = Name.fromString("_dmarc." + domain + ".");
            answers = client.ask(domain, List.of(
                    new DnsClient.Question(name, Type.MX),
                    new DnsClient.Question(name, Type.A),
                    new DnsClient.Question(name, Type.AAAA),
                    new DnsClient.Question(name, Type.TXT),
                    new DnsClient.Question(dmarc, Type.TXT)));
        } catch (NetworkUnavailableException e) {
            if (breaker.onFailure(permit)) {
                LOG.warn("job {}: {}; skipping DNS lookups until the resolver answers again", jobId, e.getMessage());
            }
            throw e;
        } catch (TextParseException e) {
            breaker.release(permit);
            throw new IllegalArgumentException("not a DNS name: " + domain, e);
        } catch (InterruptedException | RuntimeException e) {
            breaker.release(permit);
            throw e;
        }
        breaker.onSuccess(permit);
        if (answers.get(0).rcode() == Rcode.NXDOMAIN) {
            Optional<String> distrust = canary.distrust();
            if (distrust.isPresent()) {
                throw new NetworkUnavailableException(distrust.get(), null);
            }
        }
        return interpret(domain, answers);
    }

    static DnsFacts interpret(String domain, List<DnsClient.Answer> answers) {
        DnsClient.Answer mx = answers.get(0);
        DnsClient.Answer a = answers.get(1);
        DnsClient.Answer aaaa = answers.get(2);
        DnsClient.Answer txt = answers.get(3);
        DnsClient.Answer dmarc = answers.get(4);
        if (mx.failed()) {
            return new DnsFacts(DnsFacts.FAILED, Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (mx.rcode() == Rcode.NXDOMAIN) {
            return new DnsFacts(DnsFacts.NO_DOMAIN, Optional.of(false), List.of(), Optional.empty(), Optional.of(false),
                    Optional.of(false), Optional.of(false), Optional.empty());
        }
        List<MXRecord> mxRecords = new ArrayList<>();
        for (Record r : mx.records()) {
            if (r instanceof MXRecord m) {
                mxRecords.add(m);
            }
        }
        mxRecords.sort(Comparator.comparingInt(MXRecord::getPriority)
                .thenComparing(m -> m.getTarget().toString(true)));
        List<String> hosts = new ArrayList<>();
        for (MXRecord m : mxRecords) {
            if (m.getTarget().equals(Name.root)) {
                continue; // RFC 7505 null MX: the domain accepts no mail
            }
            String host = m.getTarget().toString(true).toLowerCase(Locale.ROOT);
            if (!hosts.contains(host) && hosts.size() < MAX_MX_HOSTS) {
                hosts.add(host);
            }
        }
        boolean hasMx = !hosts.isEmpty();
        Optional<Boolean> resolves;
        if (a.failed() && aaaa.failed()) {
            resolves = Optional.empty();
        } else {
            resolves = Optional.of(a.records().stream().anyMatch(r -> r instanceof ARecord)
                    || aaaa.records().stream().anyMatch(r -> r instanceof AAAARecord));
        }
        Optional<Boolean> hasSpf = txt.failed() ? Optional.empty()
                : Optional.of(texts(txt).stream().anyMatch(DnsLookupEnricher::isSpf));
        Optional<String> dmarcRecord = dmarc.failed() ? Optional.empty()
                : texts(dmarc).stream().filter(DnsLookupEnricher::isDmarc).findFirst();
        Optional<Boolean> hasDmarc = dmarc.failed() ? Optional.empty() : Optional.of(dmarcRecord.isPresent());
        return new DnsFacts(DnsFacts.OK, Optional.of(hasMx), hosts,
                hasMx ? Optional.of(MailProviders.recognise(domain, hosts)) : Optional.empty(),
                resolves, hasSpf, hasDmarc, dmarcRecord.flatMap(DnsLookupEnricher::dmarcPolicy));
    }

    /** Each TXT record's strings joined as RFC 7208 says (no separator). */
    private static List<String> texts(DnsClient.Answer answer) {
        List<String> out = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r instanceof TXTRecord t) {
                out.add(String.join("", t.getStrings()));
            }
        }
        return out;
    }

    static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    static boolean isDmarc(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        return t.equals("v=dmarc1") || t.startsWith("v=dmarc1;");
    }

    static Optional<String> dmarcPolicy(String record) {
        for (String tag : record.split(";")) {
            String[] kv = tag.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("p")) {
                String p = kv[1].strip().toLowerCase(Locale.ROOT);
                if (p.equals("none") || p.equals("quarantine") || p.equals("reject")) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean circuitOpen() {
        return breaker.state() != CircuitBreaker.State.CLOSED;
    }
}
