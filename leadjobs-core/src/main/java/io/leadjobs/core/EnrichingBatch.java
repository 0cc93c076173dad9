package io.leadjobs.core;

import static io.leadjobs.core.BatchScoringProcessor.MDC_JOB_ID;

import io.leadjobs.core.BatchScoringProcessor.WorkerInterrupted;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One batch's leads, their results as the enrichment pool fills them in, and the log entries its
 * enrichers asked for: they belong to this batch's commit, so a batch dropped at a cancellation
 * takes them with it. A batch whose leads could not be read carries the {@code problem} instead and is
 * never started. Started, awaited and dropped by the job's worker thread; filled in by the pool.
 */
final class EnrichingBatch {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichingBatch.class);

    final int from;
    final int to;
    final String range;
    final List<AcceptedLead> leads;
    final String problem;
    final Throwable problemCause;
    final ConcurrentLinkedQueue<LogEntry> logs = new ConcurrentLinkedQueue<>();
    private final EnrichmentStage stage;
    private final LeadResult[] out;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private CountDownLatch done = new CountDownLatch(0); // replaced by start(), read by await(): one thread
    private final AtomicInteger partsLeft = new AtomicInteger();
    /** The store's prepared form of the results, made by the part that finishes last; read after await(). */
    private Optional<JobStore.PreparedResults> preparedForStore = Optional.empty();
    private volatile boolean dropped;
    private long startedNanos;

    EnrichingBatch(EnrichmentStage stage, int from, int to, String range, List<AcceptedLead> leads, String problem,
                   Throwable problemCause) {
        this.stage = stage;
        this.from = from;
        this.to = to;
        this.range = range;
        this.leads = leads;
        this.problem = problem;
        this.problemCause = problemCause;
        this.out = new LeadResult[leads.size()];
    }

    /** Splits the batch over the enrichment pool. */
    void start() {
        int n = leads.size();
        int parts = Math.max(1, Math.min(n, stage.parallelism));
        done = new CountDownLatch(parts);
        partsLeft.set(parts);
        startedNanos = System.nanoTime();
        for (int p = 0; p < parts; p++) {
            int from = p * n / parts;
            int to = (p + 1) * n / parts;
            stage.pool.execute(() -> {
                // the pool may run a part on the worker itself: put back what the thread had
                String previous = MDC.get(MDC_JOB_ID);
                MDC.put(MDC_JOB_ID, stage.jobId.toString());
                try {
                    runPart(from, to);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    try {
                        if (partsLeft.decrementAndGet() == 0) {
                            if (!dropped && failure.get() == null) {
                                stage.observer.batchScored(stage.jobId, leads.size(),
                                        Duration.ofNanos(System.nanoTime() - startedNanos));
                            }
                            prepareForStore();
                        }
                    } finally {
                        done.countDown(); // whatever the store did: the worker must not wait forever
                        if (previous == null) {
                            MDC.remove(MDC_JOB_ID);
                        } else {
                            MDC.put(MDC_JOB_ID, previous);
                        }
                    }
                }
            });
        }
    }

    /**
     * Has the store prepare the finished results for writing, on the pool thread that finished the
     * batch last. Best effort: a store that cannot prepare them encodes them in the commit instead,
     * and reports there what is wrong with them.
     */
    private void prepareForStore() {
        if (dropped || failure.get() != null) {
            return;
        }
        try {
            Optional<JobStore.PreparedResults> prepared = stage.store.prepareResults(stage.jobId, Arrays.asList(out));
            preparedForStore = prepared == null ? Optional.empty() : prepared;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Job {}: the store could not prepare the results of {} ahead of their commit", stage.jobId, range, e);
        }
    }

    /** What the store prepared from this batch's results, once {@link #await()} returned them; empty when nothing. */
    Optional<JobStore.PreparedResults> preparedForStore() {
        return preparedForStore;
    }

    /** Leads of a dropped batch that the pool has not reached yet are skipped. */
    void drop() {
        dropped = true;
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    private void runPart(int from, int to) {
        for (int i = from; i < to && !dropped; i++) {
            out[i] = stage.processLead(leads.get(i), this);
        }
    }

    /** Waits at most {@code millis} for every part; true when they are all done. */
    boolean await(long millis) {
        try {
            return done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerInterrupted();
        }
    }

    /** Waits for every part; rethrows the first failure of an enricher or the scorer. */
    LeadResult[] await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerInterrupted();
        }
        Throwable t = failure.get();
        if (t instanceof WorkerInterrupted i) {
            throw i;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return out;
    }

    List<LogEntry> drainLogs() {
        List<LogEntry> drained = new ArrayList<>();
        for (LogEntry l; (l = logs.poll()) != null; ) {
            drained.add(l);
        }
        return drained;
    }
}
