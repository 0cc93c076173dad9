package io.leadjobs.core.osint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends DNS questions to one resolver: all questions of a lookup in parallel, each under the concurrency
 * limits, each retried with backoff on timeouts, I/O errors and SERVFAIL. Thread-safe.
 */
final class DnsClient {

    /** One question. */
    record Question(Name name, int type) {
    }

    /** The answer to one question: its rcode and answer records, or {@code failed} after the retries (SERVFAIL, REFUSED...). */
    record Answer(int rcode, List<Record> records, boolean failed) {
        static Answer failure(int rcode) {
            return new Answer(rcode, List.of(), true);
        }
    }

    private final SimpleResolver resolver;
    private final String resolverText;
    private final Duration timeout;
    private final int retries;
    private final Backoff backoff;
    private final ConcurrencyLimits limits;

    DnsClient(InetSocketAddress server, Duration timeout, int retries, Duration backoff, ConcurrencyLimits limits) {
        this.resolver = new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
        this.resolverText = server.getHostString() + ":" + server.getPort();
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = new Backoff(backoff);
        this.limits = limits;
    }

    String resolverText() {
        return resolverText;
    }

    /** How long {@link #ask} can take at most, for callers that wait on someone else's lookup. */
    Duration worstCase() {
        return timeout.plusMillis(500).multipliedBy(retries + 1L).plusMillis(backoff.worstCaseMillis(retries));
    }

    /**
     * Asks every question, in parallel; answers come back in the same order.
     *
     * @throws NetworkUnavailableException when a question got no answer at all after the retries
     */
    List<Answer> ask(String limitKey, List<Question> questions)
            throws NetworkUnavailableException, InterruptedException {
        List<CompletableFuture<Message>> inFlight = new ArrayList<>(questions.size());
        for (Question q : questions) {
            inFlight.add(send(limitKey, q));
        }
        List<Answer> answers = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            answers.add(await(limitKey, questions.get(i), inFlight.get(i)));
        }
        return answers;
    }

    private Answer await(String limitKey, Question q, CompletableFuture<Message> first)
            throws NetworkUnavailableException, InterruptedException {
        CompletableFuture<Message> current = first;
        for (int attempt = 1; ; attempt++) {
            Throwable failure;
            int rcode = -1;
            try {
                Message m = current.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
                rcode = m.getRcode();
                if (rcode != Rcode.SERVFAIL) {
                    return new Answer(rcode, m.getSection(Section.ANSWER), rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN);
                }
                failure = null;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                current.cancel(false);
                failure = e;
            }
            if (attempt > retries) {
                if (failure == null) {
                    return Answer.failure(rcode);
                }
                throw new NetworkUnavailableException("no answer from the DNS resolver " + resolverText
                        + " (" + describe(failure) + ")", failure);
            }
            backoff.pause(attempt);
            current = send(limitKey, q);
        }
    }

    private CompletableFuture<Message> send(String limitKey, Question q) throws InterruptedException {
        ConcurrencyLimits.Lease lease = limits.acquire(limitKey);
        try {
            Message query = Message.newQuery(Record.newRecord(q.name(), q.type(), DClass.IN));
            CompletableFuture<Message> f = resolver.sendAsync(query, Runnable::run).toCompletableFuture();
            f.whenComplete((m, e) -> lease.close());
            return f;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    static String describe(Throwable t) {
        if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
            return "timed out";
        }
        String m = t.getMessage();
        String kind = t instanceof IOException ? t.getClass().getSimpleName() : t.getClass().getName();
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}
