package io.leadjobs.core.osint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Tells a resolver that denies every name from one that answers truthfully. Some networks (captive portals,
 * broken forwarders, sandboxes) answer "no such domain" for everything; believed, that would mark every lead's
 * domain as missing. Before a "no such domain" answer counts, the canaries (names that certainly exist, such
 * as the big free-mail domains) are asked: when none of them exists either, the resolver cannot be believed
 * and DNS counts as unavailable. The verdict is kept for {@code ttl}, so every lead of a job sees the same one
 * for a given network state. Thread-safe; concurrent callers wait for one check.
 */
final class ResolverCanary {

    /** Domains that exist on every honest resolver of the public internet. */
    static final List<String> DEFAULT_NAMES = List.of("gmail.com", "outlook.com", "yahoo.com");

    private final DnsClient client;
    private final List<String> names;
    private final List<Name> questions;
    private final long ttlNanos;
    private final LongSupplier clock;

    private Optional<String> verdict;
    private long checkedAt;

    ResolverCanary(DnsClient client, List<String> names, Duration ttl, LongSupplier clock) {
        this.client = client;
        this.names = List.copyOf(names);
        this.questions = new ArrayList<>(names.size());
        for (String n : names) {
            try {
                questions.add(Name.fromString(n.endsWith(".") ? n : n + "."));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("not a DNS name: " + n, e);
            }
        }
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    /**
     * Why the resolver's "no such domain" answers cannot be believed, or empty when at least one canary
     * exists (or there are no canaries).
     */
    synchronized Optional<String> distrust() throws InterruptedException {
        if (questions.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        if (verdict != null && now - checkedAt < ttlNanos) {
            return verdict;
        }
        verdict = check();
        checkedAt = clock.getAsLong();
        return verdict;
    }

    /**
     * The reason not to believe the resolver when a fresh verdict already says so, without asking anything: while
     * it holds, lookups skip the resolver at once (it would only deny again), so a job on such a network runs at
     * full speed.
     */
    synchronized Optional<String> knownDistrust() {
        if (verdict == null || verdict.isEmpty() || clock.getAsLong() - checkedAt >= ttlNanos) {
            return Optional.empty();
        }
        return verdict;
    }

    private Optional<String> check() throws InterruptedException {
        List<DnsClient.Question> asked = new ArrayList<>(questions.size());
        for (Name n : questions) {
            asked.add(new DnsClient.Question(n, Type.MX));
        }
        List<DnsClient.Answer> answers;
        try {
            answers = client.ask("canary", asked);
        } catch (NetworkUnavailableException e) {
            return Optional.of("the resolver " + client.resolverText() + " says no such domain but does not answer for "
                    + listed() + " (" + e.getMessage() + ")");
        }
        for (DnsClient.Answer a : answers) {
            if (!a.failed() && a.rcode() == Rcode.NOERROR) {
                return Optional.empty();
            }
        }
        return Optional.of("the resolver " + client.resolverText() + " says that even " + listed()
                + " do not exist, so its answers cannot be believed");
    }

    private String listed() {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
