package io.leadjobs.core;

import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobProcessor;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link JobProcessor}: the batch scoring pipeline. Per batch it enriches the leads in
 * parallel, scores them, commits results, counters, logs and the last sequence number in one
 * {@link JobStore#commitBatch}, and only then publishes one progress update and the batch's log entries.
 * While a batch's commit is in flight, the next batch is enriched and scored on the enrichment pool.
 * Sequence numbers continue from the job's stored {@code lastSeq}, and a resumed job starts at its first
 * lead without a result.
 */
final class BatchScoringProcessor implements JobProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScoringProcessor.class);
    private static final int SUMMARY_PAGE = 1000;

    private final JobStore store;
    private final JobEventPublisher publisher;
    private final List<LeadEnricher> enrichers;
    private final LeadScorer scorer;
    private final Executor enrichPool;
    private final int parallelism;
    private final int batchSize;
    private final int highScoreThreshold;
    private final Clock clock;

    BatchScoringProcessor(JobStore store, JobEventPublisher publisher, List<LeadEnricher> enrichers, LeadScorer scorer,
                          Executor enrichPool, int parallelism, int batchSize, int highScoreThreshold, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.enrichers = List.copyOf(enrichers);
        this.scorer = scorer;
        this.enrichPool = enrichPool;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
        this.highScoreThreshold = highScoreThreshold;
        this.clock = clock;
    }

    @Override
    public void process(Job job, JobControl control) {
        new Run(job, control).execute();
    }

    /** Thrown inside a run when the worker thread is interrupted: the job is left for another worker. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super(null, null, false, false);
        }
    }

    /** One job's run: owns its sequence counter, its log-once keys and its running score summary. */
    private final class Run {
        private final UUID id;
        private final JobControl control;
        private Job job;
        private long seq;
        private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();
        private long scoreSum;
        private final Map<Grade, Integer> grades = new EnumMap<>(Grade.class);

        Run(Job job, JobControl control) {
            this.id = job.id();
            this.job = job;
            this.control = control;
            this.seq = job.lastSeq();
        }

        void execute() {
            try {
                if (job.status() == JobStatus.QUEUED) {
                    if (control.cancelRequested()) {
                        cancel();
                        return;
                    }
                    start();
                } else if (job.status() == JobStatus.PROCESSING) {
                    resume();
                } else {
                    return;
                }
                runBatches();
            } catch (Interrupted e) {
                LOG.info("Job {} interrupted at lead {}; it stays processing and resumes when claimed again",
                        id, job.processedLeads());
            } catch (LeadJobsException.IllegalTransitionException e) {
                LOG.info("Job {} was changed by someone else; this worker leaves it: {}", id, e.getMessage());
            }
        }

        private void start() {
            String rejected = job.rejectedLeads() == 0 ? "" : "; " + job.rejectedLeads() + " rows were rejected at upload";
            int batches = (job.totalLeads() + batchSize - 1) / batchSize;
            LogEntry log = log(LogLevel.INFO, "Started scoring " + job.totalLeads() + " leads in " + batches
                    + (batches == 1 ? " batch" : " batches") + " of up to " + batchSize + rejected);
            job = store.transition(id, JobStatus.PROCESSING, Optional.empty(), seq + 2, List.of(log));
            LOG.info("Job {} started: {} leads", id, job.totalLeads());
            publish(new StatusUpdate(id, ++seq, JobStatus.PROCESSING, "Job started"));
            publish(new LogUpdate(id, ++seq, log));
        }

        private void resume() {
            loadSummarySoFar();
            LogEntry log = log(LogLevel.INFO, "Resumed at lead " + (job.processedLeads() + 1) + " of " + job.totalLeads());
            job = store.commitBatch(id, new JobStore.BatchCommit(List.of(), job.processedLeads(), job.enrichedLeads(),
                    job.highScoreLeads(), List.of(log), seq + 1));
            LOG.info("Job {} resumed at lead {}", id, job.processedLeads());
            publish(new LogUpdate(id, ++seq, log));
        }

        /**
         * Runs the batches from the first lead without a result. While batch N's {@code commitBatch} is in
         * flight on this thread, batch N+1 is already being enriched and scored on the enrichment pool (at
         * most one batch ahead, and at most one commit in flight); batch N's updates are published after its
         * commit returns, and cancellation, stop and the lease are checked before each batch is committed,
         * so a batch enriched ahead of a cancellation is dropped, never stored or published.
         */
        private void runBatches() {
            int next = job.processedLeads();
            Batch ahead = null;
            while (next < job.totalLeads()) {
                if (control.cancelRequested()) {
                    cancel();
                    return;
                }
                if (control.stopRequested()) {
                    LOG.info("Job {} paused at lead {} because the service is stopping", id, next);
                    return;
                }
                if (!control.renewLease()) {
                    LOG.warn("Job {} lost its lease at lead {}; another worker owns it now", id, next);
                    return;
                }
                Batch batch = ahead != null ? ahead : prepare(next, false);
                ahead = null;
                if (batch.problem != null) {
                    fail(batch.problem, batch.problemCause);
                    return;
                }
                LeadResult[] results;
                try {
                    results = batch.await();
                } catch (Interrupted e) {
                    throw e;
                } catch (RuntimeException | LinkageError | StackOverflowError e) {
                    // a broken enricher or scorer (a bug, a missing class) fails the job instead of having
                    // it retried by worker after worker
                    fail("Scoring failed for " + batch.range + ": " + describe(e), e);
                    return;
                }
                int to = batch.to;
                int enriched = job.enrichedLeads();
                int high = job.highScoreLeads();
                int batchHigh = 0;
                for (LeadResult r : results) {
                    if (r.enriched()) {
                        enriched++;
                    }
                    if (r.score().highScore()) {
                        batchHigh++;
                    }
                    scoreSum += r.score().score();
                    grades.merge(r.score().grade(), 1, Integer::sum);
                }
                high += batchHigh;
                List<LogEntry> logs = batch.drainLogs();
                logs.add(log(LogLevel.INFO, "Scored " + batch.range + " of " + job.totalLeads() + ": " + batchHigh + " high score"));
                long lastSeq = seq + 1 + logs.size();
                if (to < job.totalLeads()) {
                    // the next batch is enriched while this one's commit waits on the store
                    ahead = prepare(to, true);
                }
                try {
                    job = store.commitBatch(id, new JobStore.BatchCommit(List.of(results), to, enriched, high, logs, lastSeq));
                } catch (RuntimeException e) {
                    fail("Could not store the results of " + batch.range + ": " + describe(e), e);
                    return;
                }
                publish(new ProgressUpdate(id, ++seq, job.progress(), job.processedLeads(), job.totalLeads()));
                for (LogEntry l : logs) {
                    publish(new LogUpdate(id, ++seq, l));
                }
                next = to;
            }
            complete();
        }

        /**
         * Reads the leads of the batch starting at {@code from} and starts enriching them; in the background
         * every part runs on the enrichment pool, otherwise this thread enriches one part itself and the
         * batch is complete when this returns. A read that fails is kept as the batch's problem, reported
         * when the batch's turn comes.
         */
        private Batch prepare(int from, boolean inBackground) {
            int to = Math.min(job.totalLeads(), from + batchSize);
            String range = "leads " + (from + 1) + "-" + to;
            List<AcceptedLead> leads;
            try {
                leads = store.leads(id, from, to - from);
            } catch (RuntimeException e) {
                return new Batch(to, range, List.of(), "Could not read " + range + " from the job store: " + describe(e), e);
            }
            if (leads.size() != to - from) {
                return new Batch(to, range, List.of(),
                        "The job store returned " + leads.size() + " of " + range + "; the job's leads are incomplete.", null);
            }
            Batch batch = new Batch(to, range, leads, null, null);
            batch.start(inBackground);
            return batch;
        }

        private void complete() {
            int processed = job.processedLeads();
            double average = processed == 0 ? 0 : Math.round(scoreSum * 10.0 / processed) / 10.0;
            JobSummary summary = new JobSummary(job.totalLeads(), processed, job.enrichedLeads(), job.highScoreLeads(),
                    job.rejectedLeads(), average, grades);
            LogEntry log = log(LogLevel.INFO, "Job completed: " + processed + " leads scored, " + job.highScoreLeads()
                    + " high score, average score " + String.format(Locale.ROOT, "%.1f", average));
            job = store.transition(id, JobStatus.COMPLETED, Optional.empty(), seq + 3, List.of(log));
            LOG.info("Job {} completed: {} leads, {} high score", id, processed, job.highScoreLeads());
            publish(new StatusUpdate(id, ++seq, JobStatus.COMPLETED, "Job completed successfully"));
            publish(new LogUpdate(id, ++seq, log));
            publish(new CompleteUpdate(id, ++seq, JobStatus.COMPLETED, summary));
        }

        private void cancel() {
            List<LogEntry> logs = new ArrayList<>();
            logs.add(log(LogLevel.WARN, "Job cancelled after " + job.processedLeads() + " of " + job.totalLeads() + " leads"));
            job = store.transition(id, JobStatus.CANCELLED, Optional.empty(), seq + 1 + logs.size(), logs);
            LOG.info("Job {} cancelled at lead {}", id, job.processedLeads());
            publish(new StatusUpdate(id, ++seq, JobStatus.CANCELLED, "Job cancelled"));
            for (LogEntry l : logs) {
                publish(new LogUpdate(id, ++seq, l));
            }
        }

        private void fail(String message, Throwable cause) {
            LOG.error("Job {} failed: {}", id, message, cause);
            LogEntry log = log(LogLevel.ERROR, message);
            try {
                job = store.transition(id, JobStatus.FAILED, Optional.of(message), seq + 3, List.of(log));
            } catch (RuntimeException e) {
                LOG.error("Job {} could not be marked failed; it stays processing and is retried when its lease expires",
                        id, e);
                return;
            }
            publish(new StatusUpdate(id, ++seq, JobStatus.FAILED, message));
            publish(new LogUpdate(id, ++seq, log));
            publish(new ErrorUpdate(id, ++seq, JobStatus.FAILED, message));
        }

        private void loadSummarySoFar() {
            for (int from = 0; from < job.processedLeads(); from += SUMMARY_PAGE) {
                for (LeadResult r : store.results(id, from, Math.min(SUMMARY_PAGE, job.processedLeads() - from))) {
                    scoreSum += r.score().score();
                    grades.merge(r.score().grade(), 1, Integer::sum);
                }
            }
        }

        private LeadResult processLead(AcceptedLead accepted, Batch batch) {
            Context ctx = new Context(this, batch);
            boolean complete = true;
            for (LeadEnricher enricher : enrichers) {
                try {
                    enricher.enrich(accepted.lead(), ctx);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
                } catch (Exception e) {
                    complete = false;
                    logOnce(batch, "enricher-failed:" + enricher.name(), LogLevel.WARN, "Enricher " + enricher.name()
                            + " failed at row " + accepted.row() + ": " + describe(e)
                            + "; leads it fails for are scored on what is known (reported once per job)");
                }
            }
            Enrichment enrichment = new Enrichment(ctx.signals);
            LeadScore score = scorer.score(accepted.lead(), enrichment);
            boolean high = score.score() >= highScoreThreshold;
            if (high != score.highScore()) {
                score = new LeadScore(score.score(), score.grade(), high, score.reasons());
            }
            return new LeadResult(accepted.index(), accepted.row(), accepted.lead(), enrichment, score, complete);
        }

        void logOnce(Batch batch, String key, LogLevel level, String message) {
            if (loggedOnce.add(key)) {
                batch.logs.add(log(level, message));
            }
        }

        /**
         * One batch's leads, their results as the enrichment pool fills them in, and the log entries its
         * enrichers asked for: they belong to this batch's commit, so a batch dropped at a cancellation
         * takes them with it.
         */
        private final class Batch {
            final int to;
            final String range;
            final List<AcceptedLead> leads;
            final String problem;
            final Throwable problemCause;
            final LeadResult[] out;
            final ConcurrentLinkedQueue<LogEntry> logs = new ConcurrentLinkedQueue<>();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            private CountDownLatch done = new CountDownLatch(0); // replaced by start(), read by await(): one thread

            Batch(int to, String range, List<AcceptedLead> leads, String problem, Throwable problemCause) {
                this.to = to;
                this.range = range;
                this.leads = leads;
                this.problem = problem;
                this.problemCause = problemCause;
                this.out = new LeadResult[leads.size()];
            }

            /** Splits the batch over the enrichment pool; unless in the background, runs the first part here. */
            void start(boolean inBackground) {
                int n = leads.size();
                int parts = Math.max(1, Math.min(n, parallelism));
                if (parts == 1 && !inBackground) {
                    try {
                        runPart(0, n);
                    } catch (Interrupted e) {
                        throw e;
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                    }
                    return;
                }
                int first = inBackground ? 0 : 1;
                done = new CountDownLatch(parts - first);
                for (int p = first; p < parts; p++) {
                    int from = p * n / parts;
                    int to = (p + 1) * n / parts;
                    enrichPool.execute(() -> {
                        try {
                            runPart(from, to);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                if (!inBackground) {
                    try {
                        runPart(0, n / parts);
                    } catch (Interrupted e) {
                        throw e;
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e); // reported by await(), after the other parts
                    }
                }
            }

            private void runPart(int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = processLead(leads.get(i), this);
                }
            }

            /** Waits for every part; rethrows the first failure of an enricher or the scorer. */
            LeadResult[] await() {
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
                }
                Throwable t = failure.get();
                if (t instanceof Interrupted i) {
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

        private LogEntry log(LogLevel level, String message) {
            return LogEntry.of(level, message, clock.instant());
        }

        private void publish(JobUpdate update) {
            try {
                publisher.publish(update);
            } catch (RuntimeException e) {
                LOG.warn("Job {}: publishing update {} failed; listeners may see a gap", id, update.seq(), e);
            }
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The per-lead {@link EnrichmentContext}: confined to the thread enriching the lead. */
    private static final class Context implements EnrichmentContext {
        private final Run run;
        private final Run.Batch batch;
        private final Map<String, Object> signals = new LinkedHashMap<>();

        Context(Run run, Run.Batch batch) {
            this.run = run;
            this.batch = batch;
        }

        @Override
        public UUID jobId() {
            return run.id;
        }

        @Override
        public <T> void put(Enrichment.Signal<T> signal, T value) {
            if (!signal.type().isInstance(value)) {
                throw new IllegalArgumentException("Signal " + signal.name() + " needs a " + signal.type().getSimpleName()
                        + ", got " + (value == null ? "nothing" : value.getClass().getSimpleName()));
            }
            signals.put(signal.name(), value);
        }

        @Override
        public <T> Optional<T> get(Enrichment.Signal<T> signal) {
            Object v = signals.get(signal.name());
            return signal.type().isInstance(v) ? Optional.of(signal.type().cast(v)) : Optional.empty();
        }

        @Override
        public void logOnce(String key, LogLevel level, String message) {
            run.logOnce(batch, key, level, message);
        }
    }
}
