package io.leadjobs.core;

import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobProcessor;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The default {@link JobProcessor}: the batch scoring pipeline. Per batch it enriches the leads in
 * parallel, scores them, commits results, counters, logs and the last sequence number in one
 * {@link JobStore#commitBatch}, and only then publishes what the commit stored.
 * While a commit is in flight, the next batches (up to {@code batchesAhead}) are enriched and scored on the
 * enrichment pool; batches that are ready when a commit returns share the next commit.
 *
 * <p>Updates go out at a human cadence, decided here, before sequence numbers are assigned: a commit
 * reports its progress (one {@code progress} update, then one log entry for all the leads scored since the
 * last report, "Scored leads 1-500 of 20000: 97 high score", after any entries the enrichers asked for) only
 * when {@code updateInterval} has passed since the job's last report, or when it holds the job's last lead.
 * Leads committed in between are reported with the next report, at the latest one interval later even when
 * the next batch takes longer (a commit without results then stores and numbers the report). Status,
 * complete and error updates go out at once, after any report still owed. An interval of zero reports every
 * batch on its own, as it is committed. Sequence numbers continue from the job's stored {@code lastSeq},
 * with no gaps, and a resumed job starts at its first lead without a result.
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
    private final int batchesAhead;
    private final int highScoreThreshold;
    private final long updateIntervalMillis;
    private final Clock clock;
    private final JobObserver observer;

    BatchScoringProcessor(JobStore store, JobEventPublisher publisher, List<LeadEnricher> enrichers, LeadScorer scorer,
                          Executor enrichPool, int parallelism, int batchSize, int batchesAhead, int highScoreThreshold,
                          Duration updateInterval, Clock clock, JobObserver observer) {
        this.store = store;
        this.publisher = publisher;
        this.enrichers = List.copyOf(enrichers);
        this.scorer = scorer;
        this.enrichPool = enrichPool;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
        this.batchesAhead = batchesAhead;
        this.highScoreThreshold = highScoreThreshold;
        this.updateIntervalMillis = updateInterval.toMillis();
        this.clock = clock;
        this.observer = observer;
    }

    /** The MDC key that carries the job id on every log line about a job, on worker and enrichment threads. */
    static final String MDC_JOB_ID = "jobId";

    @Override
    public void process(Job job, JobControl control) {
        try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_JOB_ID, job.id().toString())) {
            new Run(job, control).execute();
        }
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
        /** Leads committed but not reported to watchers yet. */
        private Unreported unreported = Unreported.NONE;
        private long lastReportMillis;
        private boolean reportedOnce;

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
            observer.jobStatusChanged(id, JobStatus.PROCESSING);
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
         * Runs the batches from the first lead without a result. Up to {@code batchesAhead} batches after the
         * one being committed are read and enriched on the enrichment pool, so the pool never waits for this
         * thread and the store's commit latency overlaps scoring. When the store is slower than scoring, the
         * batches that are ready when a commit returns are committed together in the next one, at most
         * {@code batchesAhead + 1} at a time (a group commit: each batch is still all in or all out, and
         * resuming starts after the last committed one).
         * A commit's updates (see the class comment) are published, in order, after the commit that stored them.
         * Cancellation, stop and the lease are checked before every commit; the batches enriched ahead are then
         * dropped, never stored or published.
         */
        private void runBatches() {
            int total = job.totalLeads();
            int next = job.processedLeads();
            int prepared = next;
            ArrayDeque<Batch> window = new ArrayDeque<>();
            try {
                while (next < total) {
                    if (control.cancelRequested()) {
                        cancel();
                        return;
                    }
                    if (control.stopRequested()) {
                        LOG.info("Job {} paused at lead {} because the service is stopping", id, next);
                        reportOwed();
                        return;
                    }
                    if (!control.renewLease()) {
                        LOG.warn("Job {} lost its lease at lead {}; another worker owns it now", id, next);
                        return;
                    }
                    prepared = fill(window, batchesAhead + 1, prepared, total); // the batch in turn and those ahead
                    List<Scored> group = new ArrayList<>();
                    int enriched = job.enrichedLeads();
                    int high = job.highScoreLeads();
                    do {
                        Batch batch = window.peek();
                        if (batch.problem != null) {
                            if (group.isEmpty()) {
                                fail(batch.problem, batch.problemCause);
                                return;
                            }
                            break; // commit what is ready; the problem is reported when its turn comes
                        }
                        if (group.isEmpty()) {
                            reportWhileWaitingFor(batch);
                        }
                        LeadResult[] results;
                        try {
                            results = batch.await();
                        } catch (Interrupted e) {
                            throw e;
                        } catch (RuntimeException | LinkageError | StackOverflowError e) {
                            if (!group.isEmpty()) {
                                break; // the batches before it are good: commit them, then fail at this one
                            }
                            // a broken enricher or scorer (a bug, a missing class) fails the job instead of
                            // having it retried by worker after worker
                            fail("Scoring failed for " + batch.range + ": " + describe(e), e);
                            return;
                        }
                        window.poll();
                        Scored scored = score(batch, results, enriched, high);
                        enriched = scored.enriched();
                        high = scored.high();
                        group.add(scored);
                        // keep the pool busy while this thread commits
                        prepared = fill(window, batchesAhead, prepared, total);
                    } while (group.size() <= batchesAhead && !window.isEmpty() && window.peek().isDone()
                            && !control.cancelRequested() && !control.stopRequested());
                    if (!commit(group, next, total)) {
                        return;
                    }
                    next = group.get(group.size() - 1).batch().to;
                }
            } finally {
                // batches enriched ahead of a cancellation, a stop, a lost lease or a failure: their leads
                // still queued on the pool are skipped
                window.forEach(Batch::drop);
            }
            complete();
        }

        /**
         * Commits a group of scored batches with the updates that report them, if their time has come, then
         * publishes those updates. False when the commit failed (the job is then failed).
         */
        private boolean commit(List<Scored> group, int from, int total) {
            Scored last = group.get(group.size() - 1);
            List<LeadResult> results = new ArrayList<>();
            List<JobStore.PreparedResults> forms = new ArrayList<>();
            List<JobUpdate> updates = new ArrayList<>();
            Unreported owed = unreported;
            for (Scored g : group) {
                results.addAll(Arrays.asList(g.results()));
                g.batch().prepared.ifPresent(forms::add);
                owed = owed.plus(g.batch().from, g.batch().to, g.batchHigh(), g.logs());
                if (updateIntervalMillis == 0) {
                    owed = report(owed, updates);
                }
            }
            if (!owed.isEmpty() && (last.batch().to == total || clock.millis() >= reportDue())) {
                owed = report(owed, updates);
            }
            if (forms.size() != group.size()) {
                forms.clear(); // all or nothing: the store encodes the whole commit itself
            }
            long lastSeq = updates.isEmpty() ? seq : updates.get(updates.size() - 1).seq();
            try {
                long commitStart = System.nanoTime();
                job = store.commitBatch(id, new JobStore.BatchCommit(results, last.batch().to, last.enriched(), last.high(),
                        logsOf(updates), lastSeq, forms));
                observer.batchCommitted(id, results.size(), Duration.ofNanos(System.nanoTime() - commitStart));
            } catch (LeadJobsException.IllegalTransitionException e) {
                throw e; // another worker has taken the job over: leave it to that one
            } catch (RuntimeException e) {
                String range = group.size() == 1 ? last.batch().range : "leads " + (from + 1) + "-" + last.batch().to;
                fail("Could not store the results of " + range + ": " + describe(e), e);
                return false;
            }
            unreported = owed;
            publishAll(updates);
            return true;
        }

        /**
         * Appends the updates reporting {@code owed} to {@code updates}, numbered after the last one there (or
         * after {@code seq}): a progress update, the enrichers' log entries, one log entry for the leads scored.
         * Returns what is then still owed: nothing.
         */
        private Unreported report(Unreported owed, List<JobUpdate> updates) {
            long n = updates.isEmpty() ? seq : updates.get(updates.size() - 1).seq();
            int total = job.totalLeads();
            updates.add(new ProgressUpdate(id, ++n, progress(owed.to(), total), owed.to(), total));
            for (LogEntry l : owed.logs()) {
                updates.add(new LogUpdate(id, ++n, l));
            }
            updates.add(new LogUpdate(id, ++n, log(LogLevel.INFO, "Scored leads " + (owed.from() + 1) + "-" + owed.to()
                    + " of " + total + ": " + owed.high() + " high score")));
            lastReportMillis = clock.millis();
            reportedOnce = true;
            return Unreported.NONE;
        }

        /**
         * Waits for {@code batch} while leads committed before it are not reported yet, and reports them when
         * their interval is up, however long the batch takes. The wait is measured on the clock.
         */
        private void reportWhileWaitingFor(Batch batch) {
            while (!unreported.isEmpty()) {
                long due = reportDue();
                long now = clock.millis();
                if (due <= now) {
                    reportOwed();
                    return;
                }
                if (batch.await(due - now)) {
                    return;
                }
            }
        }

        /** When the leads committed but not reported yet are due to be reported, in the clock's milliseconds. */
        private long reportDue() {
            return reportedOnce ? lastReportMillis + updateIntervalMillis : Long.MIN_VALUE;
        }

        /**
         * Reports the leads committed but not reported yet, in a commit of their own (no results: the counters
         * stay, the report's log entries and sequence numbers are stored). Used when the next batch takes longer
         * than the interval and when the service stops; a store that fails it only delays the report.
         */
        private void reportOwed() {
            if (unreported.isEmpty()) {
                return;
            }
            List<JobUpdate> updates = new ArrayList<>();
            Unreported owed = report(unreported, updates);
            try {
                job = store.commitBatch(id, new JobStore.BatchCommit(List.of(), job.processedLeads(), job.enrichedLeads(),
                        job.highScoreLeads(), logsOf(updates), updates.get(updates.size() - 1).seq()));
            } catch (LeadJobsException.IllegalTransitionException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Job {}: could not store the progress report of leads {}-{}; it goes out with the next one",
                        id, unreported.from() + 1, unreported.to(), e);
                return;
            }
            unreported = owed;
            publishAll(updates);
        }

        /** Prepares batches from lead {@code prepared} on until the window holds {@code size}; returns the next lead to prepare. */
        private int fill(ArrayDeque<Batch> window, int size, int prepared, int total) {
            while (prepared < total && window.size() < size
                    && (window.isEmpty() || window.peekLast().problem == null)) {
                Batch b = prepare(prepared);
                window.add(b);
                prepared = b.to;
            }
            return prepared;
        }

        /** Counts a batch's results into the run's summary and the job's counters. */
        private Scored score(Batch batch, LeadResult[] results, int enrichedBefore, int highBefore) {
            int enriched = enrichedBefore;
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
            return new Scored(batch, results, enriched, highBefore + batchHigh, batchHigh, batch.drainLogs());
        }

        /**
         * Reads the leads of the batch starting at {@code from} and starts enriching them on the enrichment
         * pool. A read that fails is kept as the batch's problem, reported when the batch's turn comes.
         */
        private Batch prepare(int from) {
            int to = Math.min(job.totalLeads(), from + batchSize);
            String range = "leads " + (from + 1) + "-" + to;
            List<AcceptedLead> leads;
            try {
                leads = store.leads(id, from, to - from);
            } catch (RuntimeException e) {
                return new Batch(from, to, range, List.of(), "Could not read " + range + " from the job store: " + describe(e), e);
            }
            if (leads.size() != to - from) {
                return new Batch(from, to, range, List.of(),
                        "The job store returned " + leads.size() + " of " + range + "; the job's leads are incomplete.", null);
            }
            Batch batch = new Batch(from, to, range, leads, null, null);
            batch.start();
            return batch;
        }

        private void complete() {
            int processed = job.processedLeads();
            double average = processed == 0 ? 0 : Math.round(scoreSum * 10.0 / processed) / 10.0;
            JobSummary summary = new JobSummary(job.totalLeads(), processed, job.enrichedLeads(), job.highScoreLeads(),
                    job.rejectedLeads(), average, grades);
            LogEntry log = log(LogLevel.INFO, "Job completed: " + processed + " leads scored, " + job.highScoreLeads()
                    + " high score, average score " + String.format(Locale.ROOT, "%.1f", average));
            finish(JobStatus.COMPLETED, Optional.empty(), "Job completed successfully", log,
                    Optional.of(n -> new CompleteUpdate(id, n, JobStatus.COMPLETED, summary)));
            LOG.info("Job {} completed: {} leads, {} high score", id, processed, job.highScoreLeads());
        }

        private void cancel() {
            LogEntry log = log(LogLevel.WARN, "Job cancelled after " + job.processedLeads() + " of " + job.totalLeads() + " leads");
            finish(JobStatus.CANCELLED, Optional.empty(), "Job cancelled", log, Optional.empty());
            LOG.info("Job {} cancelled at lead {}", id, job.processedLeads());
        }

        private void fail(String message, Throwable cause) {
            LOG.error("Job {} failed: {}", id, message, cause);
            try {
                finish(JobStatus.FAILED, Optional.of(message), message, log(LogLevel.ERROR, message),
                        Optional.of(n -> new ErrorUpdate(id, n, JobStatus.FAILED, message)));
            } catch (RuntimeException e) {
                LOG.error("Job {} could not be marked failed; it stays processing and is retried when its lease expires",
                        id, e);
            }
        }

        /**
         * Moves the job to a final status and publishes, in this order: the report of leads still owed, the status
         * update, its log entry and, where given, the closing update ({@code complete} or {@code error}).
         */
        private void finish(JobStatus status, Optional<String> error, String statusMessage, LogEntry log,
                            Optional<LongFunction<JobUpdate>> closing) {
            List<JobUpdate> updates = new ArrayList<>();
            if (!unreported.isEmpty()) {
                report(unreported, updates);
            }
            long n = updates.isEmpty() ? seq : updates.get(updates.size() - 1).seq();
            updates.add(new StatusUpdate(id, ++n, status, statusMessage));
            updates.add(new LogUpdate(id, ++n, log));
            if (closing.isPresent()) {
                updates.add(closing.get().apply(++n));
            }
            job = store.transition(id, status, error, n, logsOf(updates));
            observer.jobStatusChanged(id, status);
            unreported = Unreported.NONE;
            publishAll(updates);
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
                long enricherStart = System.nanoTime();
                boolean failed = false;
                try {
                    enricher.enrich(accepted.lead(), ctx);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
                } catch (Exception e) {
                    complete = false;
                    failed = true;
                    if (logOnce(batch, "enricher-failed:" + enricher.name(), LogLevel.WARN, "Enricher " + enricher.name()
                            + " failed at row " + accepted.row() + ": " + describe(e)
                            + "; leads it fails for are scored on what is known (reported once per job)")) {
                        LOG.warn("Job {}: enricher {} failed at row {}: {} (logged once per job and enricher)",
                                id, enricher.name(), accepted.row(), describe(e));
                    }
                }
                observer.enricherRan(enricher.name(), Duration.ofNanos(System.nanoTime() - enricherStart), failed);
            }
            Enrichment enrichment = new Enrichment(ctx.signals);
            LeadScore score = scorer.score(accepted.lead(), enrichment);
            boolean high = score.score() >= highScoreThreshold;
            if (high != score.highScore()) {
                score = new LeadScore(score.score(), score.grade(), high, score.reasons());
            }
            return new LeadResult(accepted.index(), accepted.row(), accepted.lead(), enrichment, score, complete);
        }

        /** Adds the job log entry the first time {@code key} comes up in this run; true when it did. */
        boolean logOnce(Batch batch, String key, LogLevel level, String message) {
            if (loggedOnce.add(key)) {
                batch.logs.add(log(level, message));
                return true;
            }
            return false;
        }

        /**
         * One batch's leads, their results as the enrichment pool fills them in, and the log entries its
         * enrichers asked for: they belong to this batch's commit, so a batch dropped at a cancellation
         * takes them with it.
         */
        private final class Batch {
            final int from;
            final int to;
            final String range;
            final List<AcceptedLead> leads;
            final String problem;
            final Throwable problemCause;
            final LeadResult[] out;
            final ConcurrentLinkedQueue<LogEntry> logs = new ConcurrentLinkedQueue<>();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            private CountDownLatch done = new CountDownLatch(0); // replaced by start(), read by await(): one thread
            private final AtomicInteger partsLeft = new AtomicInteger();
            /** The store's prepared form of the results, made by the part that finishes last; read after await(). */
            private Optional<JobStore.PreparedResults> prepared = Optional.empty();
            private volatile boolean dropped;
            private long startedNanos;

            Batch(int from, int to, String range, List<AcceptedLead> leads, String problem, Throwable problemCause) {
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
                int parts = Math.max(1, Math.min(n, parallelism));
                done = new CountDownLatch(parts);
                partsLeft.set(parts);
                startedNanos = System.nanoTime();
                for (int p = 0; p < parts; p++) {
                    int from = p * n / parts;
                    int to = (p + 1) * n / parts;
                    enrichPool.execute(() -> {
                        // the pool may run a part on the worker itself: put back what the thread had
                        String previous = MDC.get(MDC_JOB_ID);
                        MDC.put(MDC_JOB_ID, id.toString());
                        try {
                            runPart(from, to);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        } finally {
                            try {
                                if (partsLeft.decrementAndGet() == 0) {
                                    if (!dropped && failure.get() == null) {
                                        observer.batchScored(id, leads.size(), Duration.ofNanos(System.nanoTime() - startedNanos));
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
                    Optional<JobStore.PreparedResults> form = store.prepareResults(id, Arrays.asList(out));
                    prepared = form == null ? Optional.empty() : form;
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("Job {}: the store could not prepare the results of {} ahead of their commit", id, range, e);
                }
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
                    out[i] = processLead(leads.get(i), this);
                }
            }

            /** Waits at most {@code millis} for every part; true when they are all done. */
            boolean await(long millis) {
                try {
                    return done.await(millis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
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
            seq = update.seq();
            try {
                publisher.publish(update);
            } catch (RuntimeException e) {
                LOG.warn("Job {}: publishing update {} failed; listeners may see a gap", id, update.seq(), e);
            }
        }

        /** Publishes updates numbered from {@code seq + 1} on, once the store holds them. */
        private void publishAll(List<JobUpdate> updates) {
            updates.forEach(this::publish);
        }
    }

    /**
     * A batch whose results are counted: the job's counters after it, its own high-score leads and the log
     * entries its enrichers asked for.
     */
    private record Scored(Run.Batch batch, LeadResult[] results, int enriched, int high, int batchHigh, List<LogEntry> logs) {
    }

    /**
     * Leads committed but not reported yet: leads {@code from + 1} to {@code to} (1-based), their high-score
     * count and the enrichers' log entries of their batches. Immutable.
     */
    private record Unreported(int from, int to, int high, List<LogEntry> logs) {
        static final Unreported NONE = new Unreported(-1, -1, 0, List.of());

        boolean isEmpty() {
            return from < 0;
        }

        Unreported plus(int batchFrom, int batchTo, int batchHigh, List<LogEntry> batchLogs) {
            List<LogEntry> all = logs;
            if (!batchLogs.isEmpty()) {
                all = new ArrayList<>(logs);
                all.addAll(batchLogs);
            }
            return new Unreported(isEmpty() ? batchFrom : from, batchTo, high + batchHigh, List.copyOf(all));
        }
    }

    /** The log entries among {@code updates}, in order: what a commit stores with them. */
    private static List<LogEntry> logsOf(List<JobUpdate> updates) {
        List<LogEntry> logs = new ArrayList<>();
        for (JobUpdate u : updates) {
            if (u instanceof LogUpdate l) {
                logs.add(l.log());
            }
        }
        return logs;
    }

    /** The integer percentage of a processing job, as {@link Job#progress()} gives it. */
    private static int progress(int processed, int total) {
        return total == 0 ? 0 : (int) Math.min(100, processed * 100L / total);
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
