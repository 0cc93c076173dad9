package io.leadjobs.core;

import static io.leadjobs.core.BatchScoringProcessor.describe;
import static io.leadjobs.core.ProgressReports.lastSeq;
import static io.leadjobs.core.ProgressReports.logsOf;

import io.leadjobs.core.BatchScoringProcessor.WorkerInterrupted;
import io.leadjobs.core.ProgressReports.Unreported;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobProcessor.JobControl;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's run through the pipeline, on the worker thread that claimed it: starts or resumes the job, keeps
 * a window of batches enriched ahead, commits scored batches with the updates that report them, publishes
 * those updates once stored, and moves the job to its final status. Owns the job's sequence counter and its
 * running score summary.
 */
final class JobRun {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
    private static final int SUMMARY_PAGE = 1000;

    private final UUID id;
    private final JobControl control;
    private final JobStore store;
    private final JobEventPublisher publisher;
    private final JobObserver observer;
    private final Clock clock;
    private final int batchSize;
    private final int batchesAhead;
    private final EnrichmentStage enrichment;
    private final ProgressReports reports;
    private Job job;
    private long seq;
    private long scoreSum;
    private final Map<Grade, Integer> grades = new EnumMap<>(Grade.class);
    /** The report of the job's last commit, stored but published only with the job's closing updates. */
    private List<JobUpdate> heldForEnd = List.of();

    JobRun(Job job, JobControl control, BatchScoringProcessor pipeline) {
        this.id = job.id();
        this.job = job;
        this.control = control;
        this.seq = job.lastSeq();
        this.store = pipeline.store;
        this.publisher = pipeline.publisher;
        this.observer = pipeline.observer;
        this.clock = pipeline.clock;
        this.batchSize = pipeline.batchSize;
        this.batchesAhead = pipeline.batchesAhead;
        this.enrichment = new EnrichmentStage(id, pipeline);
        this.reports = new ProgressReports(id, job.totalLeads(), pipeline.updateInterval.toMillis(), clock);
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
        } catch (WorkerInterrupted e) {
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
        publishAll(List.of(new StatusUpdate(id, seq + 1, JobStatus.PROCESSING, "Job started"),
                new LogUpdate(id, seq + 2, log)));
    }

    private void resume() {
        loadSummarySoFar();
        LogEntry log = log(LogLevel.INFO, "Resumed at lead " + (job.processedLeads() + 1) + " of " + job.totalLeads());
        job = store.commitBatch(id, new JobStore.BatchCommit(List.of(), job.processedLeads(), job.enrichedLeads(),
                job.highScoreLeads(), List.of(log), seq + 1));
        LOG.info("Job {} resumed at lead {}", id, job.processedLeads());
        publishAll(List.of(new LogUpdate(id, seq + 1, log)));
    }

    /**
     * Runs the batches from the first lead without a result. Up to {@code batchesAhead} batches after the
     * one being committed are read and enriched on the enrichment pool, so the pool never waits for this
     * thread and the store's commit latency overlaps scoring. When the store is slower than scoring, the
     * batches that are ready when a commit returns are committed together in the next one, at most
     * {@code batchesAhead + 1} at a time (a group commit: each batch is still all in or all out, and
     * resuming starts after the last committed one).
     * A commit's updates (see {@link BatchScoringProcessor}) are published, in order, after the commit that
     * stored them. Cancellation, stop and the lease are checked before every commit; the batches enriched
     * ahead are then dropped, never stored or published.
     */
    private void runBatches() {
        int total = job.totalLeads();
        int next = job.processedLeads();
        int nextToRead = next;
        ArrayDeque<EnrichingBatch> window = new ArrayDeque<>();
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
                nextToRead = readAhead(window, batchesAhead + 1, nextToRead, total); // the batch in turn and those ahead
                List<ScoredBatch> group = new ArrayList<>();
                int enriched = job.enrichedLeads();
                int high = job.highScoreLeads();
                do {
                    EnrichingBatch batch = window.peek();
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
                    } catch (WorkerInterrupted e) {
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
                    ScoredBatch scored = count(batch, results, enriched, high);
                    enriched = scored.enriched();
                    high = scored.high();
                    group.add(scored);
                    // keep the pool busy while this thread commits
                    nextToRead = readAhead(window, batchesAhead, nextToRead, total);
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
            window.forEach(EnrichingBatch::drop);
        }
        complete();
    }

    /**
     * Commits a group of scored batches with the updates that report them, if their time has come, then
     * publishes those updates. False when the commit failed (the job is then failed).
     */
    private boolean commit(List<ScoredBatch> group, int from, int total) {
        ScoredBatch last = group.get(group.size() - 1);
        List<LeadResult> results = new ArrayList<>();
        List<JobStore.PreparedResults> preparedForStore = new ArrayList<>();
        List<JobUpdate> updates = new ArrayList<>();
        Unreported owed = reports.unreported();
        for (ScoredBatch g : group) {
            results.addAll(Arrays.asList(g.results()));
            g.batch().preparedForStore().ifPresent(preparedForStore::add);
            owed = owed.plus(g.batch().from, g.batch().to, g.batchHigh(), g.logs());
            if (reports.everyBatch()) {
                owed = reports.report(owed, updates, seq);
            }
        }
        if (!owed.isEmpty() && (last.batch().to == total || reports.isDue())) {
            owed = reports.report(owed, updates, seq);
        }
        if (preparedForStore.size() != group.size()) {
            preparedForStore.clear(); // all or nothing: the store encodes the whole commit itself
        }
        try {
            long commitStart = System.nanoTime();
            job = store.commitBatch(id, new JobStore.BatchCommit(results, last.batch().to, last.enriched(), last.high(),
                    logsOf(updates), lastSeq(updates, seq), preparedForStore));
            observer.batchCommitted(id, results.size(), Duration.ofNanos(System.nanoTime() - commitStart));
        } catch (LeadJobsException.IllegalTransitionException e) {
            throw e; // another worker has taken the job over: leave it to that one
        } catch (RuntimeException e) {
            String range = group.size() == 1 ? last.batch().range : "leads " + (from + 1) + "-" + last.batch().to;
            fail("Could not store the results of " + range + ": " + describe(e), e);
            return false;
        }
        reports.committed(owed);
        if (last.batch().to == total) {
            // the job's last report goes out with its closing updates: a client gets the end in one write
            heldForEnd = updates;
            seq = lastSeq(updates, seq);
        } else {
            publishAll(updates);
        }
        return true;
    }

    /**
     * Waits for {@code batch} while leads committed before it are not reported yet, and reports them when
     * their interval is up, however long the batch takes. The wait is measured on the clock.
     */
    private void reportWhileWaitingFor(EnrichingBatch batch) {
        while (!reports.unreported().isEmpty()) {
            long due = reports.due();
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

    /**
     * Reports the leads committed but not reported yet, in a commit of their own (no results: the counters
     * stay, the report's log entries and sequence numbers are stored). Used when the next batch takes longer
     * than the interval and when the service stops; a store that fails it only delays the report.
     */
    private void reportOwed() {
        Unreported unreported = reports.unreported();
        if (unreported.isEmpty()) {
            return;
        }
        List<JobUpdate> updates = new ArrayList<>();
        Unreported owed = reports.report(unreported, updates, seq);
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
        reports.committed(owed);
        publishAll(updates);
    }

    /**
     * Reads and starts batches from lead {@code nextToRead} on until the window holds {@code size}; returns
     * the next lead to read.
     */
    private int readAhead(ArrayDeque<EnrichingBatch> window, int size, int nextToRead, int total) {
        while (nextToRead < total && window.size() < size
                && (window.isEmpty() || window.peekLast().problem == null)) {
            EnrichingBatch b = readBatch(nextToRead);
            window.add(b);
            nextToRead = b.to;
        }
        return nextToRead;
    }

    /**
     * Reads the leads of the batch starting at {@code from} and starts enriching them on the enrichment
     * pool. A read that fails is kept as the batch's problem, reported when the batch's turn comes.
     */
    private EnrichingBatch readBatch(int from) {
        int to = Math.min(job.totalLeads(), from + batchSize);
        String range = "leads " + (from + 1) + "-" + to;
        List<AcceptedLead> leads;
        try {
            leads = store.leads(id, from, to - from);
        } catch (RuntimeException e) {
            return new EnrichingBatch(enrichment, from, to, range, List.of(),
                    "Could not read " + range + " from the job store: " + describe(e), e);
        }
        if (leads.size() != to - from) {
            return new EnrichingBatch(enrichment, from, to, range, List.of(),
                    "The job store returned " + leads.size() + " of " + range + "; the job's leads are incomplete.", null);
        }
        return enrichment.start(from, to, range, leads);
    }

    /** Counts a batch's results into the run's summary and the job's counters. */
    private ScoredBatch count(EnrichingBatch batch, LeadResult[] results, int enrichedBefore, int highBefore) {
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
        return new ScoredBatch(batch, results, enriched, highBefore + batchHigh, batchHigh, batch.drainLogs());
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
     * Moves the job to a final status and publishes, in this order and together: the report of the job's last
     * commit (held for this) or of leads still owed, the status update, its log entry and, where given, the closing
     * update ({@code complete} or {@code error}).
     */
    private void finish(JobStatus status, Optional<String> error, String statusMessage, LogEntry log,
                        Optional<LongFunction<JobUpdate>> closing) {
        List<JobUpdate> updates = new ArrayList<>(heldForEnd);
        List<JobUpdate> stored = heldForEnd;
        heldForEnd = List.of();
        if (!reports.unreported().isEmpty()) {
            reports.report(reports.unreported(), updates, seq);
        }
        long n = lastSeq(updates, seq);
        updates.add(new StatusUpdate(id, ++n, status, statusMessage));
        updates.add(new LogUpdate(id, ++n, log));
        if (closing.isPresent()) {
            updates.add(closing.get().apply(++n));
        }
        try {
            job = store.transition(id, status, error, n, logsOf(updates.subList(stored.size(), updates.size())));
        } catch (RuntimeException e) {
            publishAll(stored); // the last report is stored: it goes out even if the job cannot be closed
            throw e;
        }
        observer.jobStatusChanged(id, status);
        reports.committed(Unreported.NONE);
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

    private LogEntry log(LogLevel level, String message) {
        return LogEntry.of(level, message, clock.instant());
    }

    /**
     * Publishes updates numbered from {@code seq + 1} on, once the store holds them, together: a listener gets
     * them in one call, a client in one write.
     */
    private void publishAll(List<JobUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        seq = updates.get(updates.size() - 1).seq();
        try {
            publisher.publishAll(updates);
        } catch (RuntimeException e) {
            LOG.warn("Job {}: publishing updates {}-{} failed; listeners may see a gap", id, updates.get(0).seq(), seq, e);
        }
    }

    /**
     * A batch whose results are counted: the job's counters after it, its own high-score leads and the log
     * entries its enrichers asked for.
     */
    private record ScoredBatch(EnrichingBatch batch, LeadResult[] results, int enriched, int high, int batchHigh,
                               List<LogEntry> logs) {
    }
}
