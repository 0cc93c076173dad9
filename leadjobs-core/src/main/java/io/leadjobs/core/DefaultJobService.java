package io.leadjobs.core;

import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadJobsExecutors;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The {@link JobService} that {@link JobService#builder()} builds. */
final class DefaultJobService implements JobService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultJobService.class);
    static final int RECENT_LOGS = 50;
    private static final int MAX_PAGE = 10_000;
    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int CLOSED = 2;

    private final ServiceSettings settings;
    private final JobStore store;
    private final JobEventPublisher publisher;
    private final Set<UUID> cancelRequests = ConcurrentHashMap.newKeySet();
    private final AtomicInteger state = new AtomicInteger(NEW);
    private ExecutorService enrichPool;
    private WorkerPool workers;
    private ScheduledExecutorService housekeeping;

    DefaultJobService(ServiceSettings settings) {
        this.settings = settings;
        this.store = settings.store();
        this.publisher = settings.publisher();
    }

    @Override
    public Job submit(String owner, JobRequest request) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(request, "request");
        if (owner.isBlank()) {
            throw new JobValidationException("A job needs an owner, but the owner given was blank.");
        }
        if (state.get() == CLOSED) {
            throw new LeadJobsException("The job service is closed; no more jobs can be submitted.");
        }
        LeadValidation.Validated v = LeadValidation.validate(request, settings.maxLeads());
        Job job = Job.queued(UUID.randomUUID(), owner, v.name(), v.accepted().size(), v.rejected().size(),
                settings.clock().instant());
        if (settings.maxStoredLeadsPerUser() != Long.MAX_VALUE) {
            long requested = (long) v.accepted().size() + v.rejected().size();
            long stored = 0;
            for (Job j : store.listByOwner(owner)) {
                stored += (long) j.totalLeads() + j.rejectedLeads();
            }
            if (stored + requested > settings.maxStoredLeadsPerUser()) {
                LOG.info("A job of {} rows refused: the user's stored jobs hold {} of {} rows", requested, stored,
                        settings.maxStoredLeadsPerUser());
                throw new LeadJobsException.QuotaExceededException(stored, requested, settings.maxStoredLeadsPerUser());
            }
        }
        store.create(job, v.accepted(), v.rejected());
        settings.observer().jobStatusChanged(job.id(), JobStatus.QUEUED);
        try (MDC.MDCCloseable mdc = MDC.putCloseable(BatchScoringProcessor.MDC_JOB_ID, job.id().toString())) {
            LOG.info("Job {} submitted: {} leads accepted, {} rows rejected", job.id(), job.totalLeads(), job.rejectedLeads());
        }
        WorkerPool w = workers;
        if (w != null) {
            w.wakeUp();
        }
        return job;
    }

    @Override
    public Optional<Job> find(String userId, UUID jobId) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(jobId, "jobId");
        return store.find(jobId).filter(j -> settings.accessPolicy().canView(userId, j));
    }

    @Override
    public Optional<JobSnapshot> snapshot(String userId, UUID jobId) {
        return find(userId, jobId).map(j -> JobSnapshot.of(j, store.recentLogs(jobId, RECENT_LOGS)));
    }

    @Override
    public List<Job> list(String userId) {
        Objects.requireNonNull(userId, "userId");
        return store.listByOwner(userId).stream().filter(j -> settings.accessPolicy().canView(userId, j)).toList();
    }

    @Override
    public List<LeadResult> results(String userId, UUID jobId, int fromIndex, int count) {
        if (fromIndex < 0) {
            throw LeadJobsException.invalidSetting("fromIndex", "0 or more", fromIndex);
        }
        if (count < 0 || count > MAX_PAGE) {
            throw LeadJobsException.invalidSetting("count", "between 0 and " + MAX_PAGE, count);
        }
        visible(userId, jobId);
        return store.results(jobId, fromIndex, count);
    }

    @Override
    public List<RejectedRow> rejected(String userId, UUID jobId) {
        visible(userId, jobId);
        return store.rejected(jobId);
    }

    @Override
    public Job cancel(String userId, UUID jobId) {
        Job job = visible(userId, jobId);
        if (!settings.accessPolicy().canCancel(userId, job)) {
            throw new LeadJobsException("User " + userId + " may see job " + jobId + " but not cancel it.");
        }
        if (job.status().isTerminal()) {
            throw LeadJobsException.illegalTransition(jobId, job.status(), JobStatus.CANCELLED);
        }
        cancelRequests.add(jobId);
        if (job.status() == JobStatus.QUEUED) {
            long seq = job.lastSeq();
            LogEntry log = LogEntry.of(LogLevel.WARN, "Job cancelled before it started", settings.clock().instant());
            try {
                Job cancelled = store.transition(jobId, JobStatus.CANCELLED, Optional.empty(), seq + 2, List.of(log));
                cancelRequests.remove(jobId);
                settings.observer().jobStatusChanged(jobId, JobStatus.CANCELLED);
                publisher.publishAll(List.of(new StatusUpdate(jobId, seq + 1, JobStatus.CANCELLED, "Job cancelled"),
                        new LogUpdate(jobId, seq + 2, log)));
                LOG.info("Job {} cancelled before it started", jobId);
                return cancelled;
            } catch (LeadJobsException.IllegalTransitionException e) {
                // a worker started it meanwhile, maybe in another process: it sees the request between two batches
                Job now = store.find(jobId).orElse(job);
                if (now.status().isTerminal()) {
                    cancelRequests.remove(jobId);
                    throw LeadJobsException.illegalTransition(jobId, now.status(), JobStatus.CANCELLED);
                }
                store.requestCancel(jobId);
                return now;
            }
        }
        // the worker running it may be in another process that shares the store
        store.requestCancel(jobId);
        LOG.info("Job {}: cancellation requested", jobId);
        return store.find(jobId).orElse(job);
    }

    private Job visible(String userId, UUID jobId) {
        return find(userId, jobId).orElseThrow(() -> LeadJobsException.jobNotFound(jobId));
    }

    @Override
    public JobEventPublisher events() {
        return publisher;
    }

    @Override
    public void start() {
        if (!state.compareAndSet(NEW, STARTED)) {
            throw new LeadJobsException(state.get() == CLOSED
                    ? "The job service is closed and cannot be started again."
                    : "The job service was already started.");
        }
        int threads = settings.enrichmentThreads();
        // room for every part of every batch that the running jobs enrich ahead, so a worker thread only runs
        // parts itself when a host's enrichers leave the pool far behind
        enrichPool = LeadJobsExecutors.fixed("leadjobs-enrich", threads,
                (int) Math.min(Integer.MAX_VALUE, (long) threads * (settings.batchesAhead() + 1) * settings.jobConcurrency()),
                settings.enrichmentNiceness());
        BatchScoringProcessor processor = new BatchScoringProcessor(store, publisher, settings.enrichers(),
                settings.scorer(), enrichPool, threads, settings.batchSize(), settings.batchesAhead(), settings.highScoreThreshold(),
                settings.updateInterval(), settings.clock(), settings.observer());
        workers = new WorkerPool(store, processor, settings.clock(), settings.lease(), settings.pollInterval(),
                settings.jobConcurrency(), cancelRequests::contains, cancelRequests::remove,
                () -> state.get() == CLOSED);
        workers.start();
        housekeeping = LeadJobsExecutors.scheduler("leadjobs-housekeeping");
        settings.retention().ifPresent(retention -> {
            // a quarter of the retention between passes, at most an hour: a finished job is gone at most a quarter
            // of its retention late
            long every = purgeIntervalSeconds(retention);
            housekeeping.scheduleWithFixedDelay(() -> purge(retention), every, every, TimeUnit.SECONDS);
        });
        LOG.info("Job service started: {} workers, {} enrichment threads, batches of {}",
                settings.jobConcurrency(), threads, settings.batchSize());
    }

    /** Seconds between purge passes: a quarter of the retention, between 15 s and an hour. */
    static long purgeIntervalSeconds(Duration retention) {
        return Math.max(15, Math.min(3600, retention.toSeconds() / 4));
    }

    private void purge(Duration retention) {
        try {
            int n = store.purgeFinishedBefore(settings.clock().instant().minus(retention));
            if (n > 0) {
                LOG.info("Purged {} finished jobs older than {}", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging finished jobs failed; will try again", e);
        }
    }

    @Override
    public void close() {
        int previous = state.getAndSet(CLOSED);
        if (previous == CLOSED) {
            return;
        }
        if (previous == STARTED) {
            workers.close(settings.shutdownTimeout());
            LeadJobsExecutors.shutdown(enrichPool, settings.shutdownTimeout());
            LeadJobsExecutors.shutdown(housekeeping, Duration.ofSeconds(5));
        }
        if (settings.ownPublisher()) {
            publisher.close();
        }
        if (settings.ownStore()) {
            store.close();
        }
        LOG.info("Job service closed");
    }
}
