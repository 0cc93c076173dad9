package io.leadjobs.core;

import io.leadjobs.core.spi.JobProcessor;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadJobsExecutors;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers ({@code leadjobs-worker-1} ...): each claims a job from the store with a lease, runs the
 * processor on it while a scheduler renews the lease, and claims the next. An idle worker waits until a
 * job is submitted here or the poll interval passes (jobs may be queued by another process).
 */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final JobStore store;
    private final JobProcessor processor;
    private final Clock clock;
    private final Duration lease;
    private final long renewEveryNanos;
    private final Duration pollInterval;
    private final int workers;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final Predicate<UUID> cancelRequested;
    private final Consumer<UUID> finished;
    private final BooleanSupplier serviceClosed;
    private final Object signal = new Object();
    private long wakeUps;
    private volatile boolean stopping;
    private ExecutorService executor;
    private ScheduledExecutorService renewals;

    WorkerPool(JobStore store, JobProcessor processor, Clock clock, Duration lease, Duration pollInterval, int workers,
               Predicate<UUID> cancelRequested, Consumer<UUID> finished, BooleanSupplier serviceClosed) {
        this.store = store;
        this.processor = processor;
        this.clock = clock;
        this.lease = lease;
        this.renewEveryNanos = lease.toNanos() / 3;
        this.pollInterval = pollInterval;
        this.workers = workers;
        this.cancelRequested = cancelRequested;
        this.finished = finished;
        this.serviceClosed = serviceClosed;
    }

    /** True from the moment the service is closed, before {@link #close} is even called. */
    private boolean stopping() {
        return stopping || serviceClosed.getAsBoolean();
    }

    void start() {
        renewals = LeadJobsExecutors.scheduler("leadjobs-lease");
        executor = LeadJobsExecutors.fixed("leadjobs-worker", workers, workers);
        for (int i = 1; i <= workers; i++) {
            String workerId = instanceId + "-worker-" + i;
            executor.execute(() -> loop(workerId));
        }
    }

    /** Tells idle workers that a job may be waiting. */
    void wakeUp() {
        synchronized (signal) {
            wakeUps++;
            signal.notifyAll();
        }
    }

    /** Stops claiming; running jobs finish and store their current batch; waits up to {@code timeout}. */
    void close(Duration timeout) {
        stopping = true;
        wakeUp();
        if (executor != null) {
            LeadJobsExecutors.shutdown(executor, timeout);
            LeadJobsExecutors.shutdown(renewals, Duration.ofSeconds(5));
        }
    }

    private void loop(String workerId) {
        long seen = -1;
        while (!stopping() && !Thread.currentThread().isInterrupted()) {
            Optional<Job> claimed;
            try {
                claimed = store.claimNext(workerId, lease, clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Worker {} could not claim a job; retrying after {}", workerId, pollInterval, e);
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                run(workerId, claimed.get());
                continue;
            }
            synchronized (signal) {
                if (seen == wakeUps && !stopping()) {
                    try {
                        signal.wait(Math.max(1, pollInterval.toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                seen = wakeUps;
            }
        }
    }

    private void run(String workerId, Job job) {
        Control control = new Control(job.id(), workerId);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(control::renewIfDue,
                renewEveryNanos, renewEveryNanos, TimeUnit.NANOSECONDS);
        try {
            processor.process(job, control);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // the worker lives on to claim the next job; this one is retried when its lease expires
            LOG.error("Job {}: the processor failed unexpectedly on worker {}", job.id(), workerId, e);
        } finally {
            renewal.cancel(false);
            if (!stopping()) {
                finished.accept(job.id());
            }
        }
    }

    /**
     * The worker's side of a running job: cancellation (asked in this process, or recorded in the store by
     * another one, which is read at most once per poll interval), shutdown and the lease.
     */
    private final class Control implements JobProcessor.JobControl {
        private final UUID jobId;
        private final String workerId;
        private long lastRenewal = System.nanoTime();
        private boolean lost;
        private long lastCancelCheck = System.nanoTime() - pollInterval.toNanos();
        private boolean cancelledInStore;

        Control(UUID jobId, String workerId) {
            this.jobId = jobId;
            this.workerId = workerId;
        }

        @Override
        public boolean cancelRequested() {
            if (cancelRequested.test(jobId)) {
                return true;
            }
            long now = System.nanoTime();
            if (!cancelledInStore && now - lastCancelCheck >= pollInterval.toNanos()) {
                lastCancelCheck = now;
                try {
                    cancelledInStore = store.cancelRequested(jobId);
                } catch (RuntimeException e) {
                    LOG.warn("Job {}: worker {} could not read whether the job was cancelled; will ask again", jobId, workerId, e);
                }
            }
            return cancelledInStore;
        }

        @Override
        public boolean stopRequested() {
            return stopping();
        }

        @Override
        public synchronized boolean renewLease() {
            if (!lost && System.nanoTime() - lastRenewal >= renewEveryNanos) {
                renew();
            }
            return !lost;
        }

        synchronized void renewIfDue() {
            if (!lost && System.nanoTime() - lastRenewal >= renewEveryNanos / 2) {
                renew();
            }
        }

        private void renew() {
            try {
                if (store.renewLease(jobId, workerId, lease, clock.instant())) {
                    lastRenewal = System.nanoTime();
                } else {
                    lost = true;
                }
            } catch (RuntimeException e) {
                LOG.warn("Job {}: worker {} could not renew its lease; will try again", jobId, workerId, e);
            }
        }
    }
}
