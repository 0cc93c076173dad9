package io.leadjobs.core;

import io.leadjobs.core.enrich.Enrichers;
import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.score.RuleBasedScorer;
import io.leadjobs.core.spi.AccessPolicy;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The facade a host app uses: submit lead-scoring jobs, look at them, read their results, cancel them,
 * and listen to their updates through {@link #events()}. Every call that names a job is checked against
 * the {@link AccessPolicy}; a job the caller may not see behaves exactly like a job that does not exist.
 *
 * <p>Lifecycle: {@link #builder()}, {@code build()}, {@link #start()} (workers begin claiming jobs), and
 * {@link #close()}: workers stop claiming, running jobs finish and store their current batch, then the
 * threads stop. Jobs interrupted that way stay {@code processing} and resume from their first batch
 * without results when a service on the same store claims them after their lease expires.
 *
 * <p>Thread-safe.
 */
public interface JobService extends AutoCloseable {

    /** How often a running job reports its progress unless {@link Builder#updateInterval} says otherwise. */
    Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(250);

    /**
     * Validates and stores a new queued job owned by {@code owner}. Rows without a usable email or
     * website are rejected (reported by {@link #rejected}) and the rest are scored.
     *
     * @throws JobValidationException when nothing can be scored, there are too many leads, or row numbers
     *     are invalid; its details name the rows
     */
    Job submit(String owner, JobRequest request);

    Optional<Job> find(String userId, UUID jobId);

    /** What {@code job-status} carries, with the most recent logs (up to 50). */
    Optional<JobSnapshot> snapshot(String userId, UUID jobId);

    /** The user's jobs, newest first. */
    List<Job> list(String userId);

    /**
     * Results of accepted leads with {@code fromIndex <= index < fromIndex + count}, in index order;
     * only leads processed so far.
     *
     * @throws LeadJobsException.JobNotFoundException if the job is missing or hidden from the user
     */
    List<LeadResult> results(String userId, UUID jobId, int fromIndex, int count);

    /**
     * Rows that were not scored, with their reasons.
     *
     * @throws LeadJobsException.JobNotFoundException if the job is missing or hidden from the user
     */
    List<RejectedRow> rejected(String userId, UUID jobId);

    /**
     * Cancels the job: a queued job at once, a processing one between two batches. The request is also
     * recorded in the store, so a job that another process sharing the store runs stops too, within about
     * that process's poll interval. Returns the job as stored now (a processing job may still show
     * {@code processing}).
     *
     * @throws LeadJobsException.JobNotFoundException if the job is missing or hidden from the user
     * @throws LeadJobsException.IllegalTransitionException if the job has already finished
     */
    Job cancel(String userId, UUID jobId);

    /** Where every update of every job is published; add a listener to deliver them to clients. */
    JobEventPublisher events();

    /** Starts the workers. Calling it twice is refused. */
    void start();

    /** Stops gracefully (see class comment). Idempotent. */
    @Override
    void close();

    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link JobService}. Every setting has a default: in-memory store and publisher,
     * {@link Enrichers#defaults()}, the default rule-based scorer, owner-only access, batches of 25,
     * at most 100,000 leads a job, 2 jobs at once. Setters validate at once and fail with a full sentence.
     */
    final class Builder {
        private JobStore store;
        private JobEventPublisher publisher;
        private List<LeadEnricher> enrichers;
        private LeadScorer scorer;
        private AccessPolicy accessPolicy = AccessPolicy.ownerOnly();
        private int batchSize = 25;
        private int batchesAhead = 32;
        private int maxLeads = 100_000;
        private int jobConcurrency = 2;
        private int enrichmentThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int enrichmentNiceness;
        private int highScoreThreshold = 70;
        private Duration updateInterval = DEFAULT_UPDATE_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private Duration lease = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Optional<Duration> retention = Optional.of(Duration.ofDays(30));
        private long maxStoredLeadsPerUser = Long.MAX_VALUE;
        private JobObserver observer = JobObserver.NONE;

        private Builder() {
        }

        /** Where jobs live; default in-memory. The service does not close a store given here. */
        public Builder store(JobStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where updates go; default in-memory. The service does not close a publisher given here. */
        public Builder publisher(JobEventPublisher publisher) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            return this;
        }

        /** Enrichers, run in this order for each lead; default {@link Enrichers#defaults()}. */
        public Builder enrichers(List<? extends LeadEnricher> enrichers) {
            this.enrichers = List.copyOf(enrichers);
            return this;
        }

        /** The scorer; default {@link RuleBasedScorer#defaults()}. */
        public Builder scorer(LeadScorer scorer) {
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            return this;
        }

        public Builder accessPolicy(AccessPolicy accessPolicy) {
            this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
            return this;
        }

        /**
         * Leads per batch (1-10,000, default 25): the unit of enrichment, of a commit and of resuming. How often
         * watchers hear of progress is {@link #updateInterval}'s business.
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = LeadJobsException.requireBetween("batchSize", batchSize, 1, 10_000);
            return this;
        }

        /**
         * Batches read and enriched ahead of the one being committed (1-1,000, default 32). They keep the
         * enrichment pool busy while a batch is committed; when the store commits more slowly than the pool
         * scores, the batches that are ready share one commit (each is still stored whole or not at all, and
         * each still gets its own progress update). A cancelled job drops the batches enriched ahead. More
         * means fewer, larger commits on a database (each commit has a fixed cost), and more enrichment
         * work thrown away when a job is cancelled or its server dies.
         */
        public Builder batchesAhead(int batchesAhead) {
            this.batchesAhead = LeadJobsException.requireBetween("batchesAhead", batchesAhead, 1, 1_000);
            return this;
        }

        /** Most leads one job may have (1-10,000,000, default 100,000). */
        public Builder maxLeads(int maxLeads) {
            this.maxLeads = LeadJobsException.requireBetween("maxLeads", maxLeads, 1, 10_000_000);
            return this;
        }

        /** Jobs processed at once by this service (1-256, default 2). */
        public Builder jobConcurrency(int jobConcurrency) {
            this.jobConcurrency = LeadJobsException.requireBetween("jobConcurrency", jobConcurrency, 1, 256);
            return this;
        }

        /** Threads that enrich the leads of a batch in parallel (1-1024, default twice the cores, at least 4). */
        public Builder enrichmentThreads(int enrichmentThreads) {
            this.enrichmentThreads = LeadJobsException.requireBetween("enrichmentThreads", enrichmentThreads, 1, 1024);
            return this;
        }

        /**
         * How much the enrichment threads lower their scheduling priority, as a nice increment (0-19, default 0:
         * not at all). On Linux each enrichment thread raises its own nice value by this much when it starts, so
         * that when the cores are busy, the threads that deliver job updates and answer requests run first, and
         * the enrichment takes whatever they leave (every core when they are idle). 10 gives the enrichment about
         * a tenth of a core's share against one normal thread that wants it. Elsewhere it does nothing.
         */
        public Builder enrichmentNiceness(int increment) {
            this.enrichmentNiceness = LeadJobsException.requireBetween("enrichmentNiceness", increment, 0, 19);
            return this;
        }

        /**
         * Score at or above which a lead is a high-score lead (0-100, default 70). It decides
         * {@code high_score} and the {@code high_score_leads} counter whatever scorer is used.
         */
        public Builder highScoreThreshold(int highScoreThreshold) {
            this.highScoreThreshold = LeadJobsException.requireBetween("highScoreThreshold", highScoreThreshold, 0, 100);
            return this;
        }

        /**
         * How often a running job reports its progress to watchers (0-10 s, default 250 ms). A job publishes at
         * most one {@code progress} update per interval, with one log entry for the leads scored since the last
         * one ("Scored leads 1-500 of 20000: 97 high score"); the job's last progress (100 %), status, complete
         * and error updates always go out at once. Leads committed between two reports are reported at the
         * latest one interval after the last report. Zero reports every batch as it is committed (one progress
         * update and one log entry per batch), which at full speed is hundreds of updates a second per job:
         * more than a person can read, and more than thousands of watchers can be sent without falling behind.
         */
        public Builder updateInterval(Duration updateInterval) {
            this.updateInterval = checkDuration("updateInterval", updateInterval, Duration.ZERO, Duration.ofSeconds(10));
            return this;
        }

        /** The clock of timestamps, leases and the update cadence; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a worker's claim on a job lasts unless renewed (1 s to 1 h, default 30 s). */
        public Builder lease(Duration lease) {
            this.lease = checkDuration("lease", lease, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /** How often an idle worker asks the store for a job that another process queued (default 500 ms). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = checkDuration("pollInterval", pollInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
            return this;
        }

        /** How long {@link JobService#close()} waits for running batches (default 30 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = checkDuration("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /** How long finished jobs are kept before they are purged (default 30 days). */
        public Builder retention(Duration retention) {
            this.retention = Optional.of(checkDuration("retention", retention, Duration.ofMinutes(1), Duration.ofDays(36_500)));
            return this;
        }

        /**
         * The most rows (accepted leads and rejected rows together) one user's stored jobs may hold; a submit that
         * would go past it is refused with a {@link LeadJobsException.QuotaExceededException} until older jobs are
         * purged (see {@link #retention}). Default: no limit.
         */
        public Builder maxStoredLeadsPerUser(long max) {
            if (max < 1) {
                throw LeadJobsException.invalidSetting("maxStoredLeadsPerUser", "at least 1", max);
            }
            this.maxStoredLeadsPerUser = max;
            return this;
        }

        /**
         * Hears status changes, batches, commits and enricher runs, for metrics; default none. What it throws is
         * logged and ignored.
         *
         * @param observer the observer, e.g. leadjobs-micrometer's {@code LeadJobsMetrics}
         * @return this builder
         */
        public Builder observer(JobObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Keeps finished jobs for ever. */
        public Builder keepFinishedJobs() {
            this.retention = Optional.empty();
            return this;
        }

        /** Builds the service; nothing runs until {@link JobService#start()}. */
        public JobService build() {
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw LeadJobsException.invalidSetting("lease", "at least 1 second", lease);
            }
            boolean ownStore = store == null;
            boolean ownPublisher = publisher == null;
            return new DefaultJobService(new ServiceSettings(
                    ownStore ? InMemory.jobStore(clock, InMemory.DEFAULT_LOGS_PER_JOB) : store, ownStore,
                    ownPublisher ? InMemory.eventPublisher() : publisher, ownPublisher,
                    enrichers == null ? Enrichers.defaults() : enrichers,
                    scorer == null ? RuleBasedScorer.builder().highScoreThreshold(highScoreThreshold).build() : scorer,
                    accessPolicy, batchSize, batchesAhead, maxLeads, jobConcurrency, enrichmentThreads, enrichmentNiceness,
                    highScoreThreshold, updateInterval, clock, lease, pollInterval, shutdownTimeout, retention, maxStoredLeadsPerUser,
                    Observers.guarded(observer)));
        }

        private static Duration checkDuration(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw LeadJobsException.invalidSetting(name, "between " + min + " and " + max, value);
            }
            return value;
        }
    }
}
