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
        private final ConcurrentLinkedQueue<LogEntry> pendingLogs = new ConcurrentLinkedQueue<>();
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

        private void runBatches() {
            int next = job.processedLeads();
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
                int to = Math.min(job.totalLeads(), next + batchSize);
                String range = "leads " + (next + 1) + "-" + to;
                List<AcceptedLead> leads;
                try {
                    leads = store.leads(id, next, to - next);
                } catch (RuntimeException e) {
                    fail("Could not read " + range + " from the job store: " + describe(e), e);
                    return;
                }
                if (leads.size() != to - next) {
                    fail("The job store returned " + leads.size() + " of " + range + "; the job's leads are incomplete.", null);
                    return;
                }
                LeadResult[] results;
                try {
                    results = enrichAndScore(leads);
                } catch (Interrupted e) {
                    throw e;
                } catch (RuntimeException | LinkageError | StackOverflowError e) {
                    // a broken enricher or scorer (a bug, a missing class) fails the job instead of having
                    // it retried by worker after worker
                    fail("Scoring failed for " + range + ": " + describe(e), e);
                    return;
                }
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
                List<LogEntry> logs = drainPendingLogs();
                logs.add(log(LogLevel.INFO, "Scored " + range + " of " + job.totalLeads() + ": " + batchHigh + " high score"));
                long lastSeq = seq + 1 + logs.size();
                try {
                    job = store.commitBatch(id, new JobStore.BatchCommit(List.of(results), to, enriched, high, logs, lastSeq));
                } catch (RuntimeException e) {
                    fail("Could not store the results of " + range + ": " + describe(e), e);
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
            List<LogEntry> logs = drainPendingLogs();
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

        private LeadResult[] enrichAndScore(List<AcceptedLead> leads) {
            int n = leads.size();
            LeadResult[] out = new LeadResult[n];
            int parts = Math.min(n, parallelism);
            if (parts <= 1) {
                processRange(leads, out, 0, n);
                return out;
            }
            CountDownLatch done = new CountDownLatch(parts - 1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int p = 1; p < parts; p++) {
                int from = p * n / parts;
                int to = (p + 1) * n / parts;
                enrichPool.execute(() -> {
                    try {
                        processRange(leads, out, from, to);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            try {
                processRange(leads, out, 0, n / parts);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            return out;
        }

        private void processRange(List<AcceptedLead> leads, LeadResult[] out, int from, int to) {
            for (int i = from; i < to; i++) {
                out[i] = processLead(leads.get(i));
            }
        }

        private LeadResult processLead(AcceptedLead accepted) {
            Context ctx = new Context(this);
            boolean complete = true;
            for (LeadEnricher enricher : enrichers) {
                try {
                    enricher.enrich(accepted.lead(), ctx);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
                } catch (Exception e) {
                    complete = false;
                    logOnce("enricher-failed:" + enricher.name(), LogLevel.WARN, "Enricher " + enricher.name()
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

        void logOnce(String key, LogLevel level, String message) {
            if (loggedOnce.add(key)) {
                pendingLogs.add(log(level, message));
            }
        }

        private List<LogEntry> drainPendingLogs() {
            List<LogEntry> logs = new ArrayList<>();
            for (LogEntry l; (l = pendingLogs.poll()) != null; ) {
                logs.add(l);
            }
            return logs;
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
        private final Map<String, Object> signals = new LinkedHashMap<>();

        Context(Run run) {
            this.run = run;
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
            run.logOnce(key, level, message);
        }
    }
}
