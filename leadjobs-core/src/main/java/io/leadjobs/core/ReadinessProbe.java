package io.leadjobs.core;

import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadJobsExecutors;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the job store answers, for a host's readiness check ({@code /health/ready}, a Spring Boot health
 * indicator). {@link #check()} looks up a job id that never exists, which for the JDBC store is a query on its
 * table, and answers within the timeout whatever the store does: a store that has not answered by then counts
 * as not ready. The lookup runs on the probe's own thread ({@code leadjobs-readiness-1}); while one is still
 * hanging, later checks wait for that one instead of piling up new ones.
 *
 * <p>Thread-safe. {@link #close()} stops the thread.
 */
public final class ReadinessProbe implements AutoCloseable {

    private static final UUID NO_SUCH_JOB = new UUID(0, 0);

    private final JobStore store;
    private final Duration timeout;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private CompletableFuture<Void> inFlight;

    private ReadinessProbe(JobStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor(LeadJobsExecutors.threadFactory("leadjobs-readiness"));
    }

    /**
     * A probe of {@code store} that answers within {@code timeout} (10 ms to 1 minute).
     *
     * @param store the job store to look at
     * @param timeout how long a check waits for the store
     * @return the probe; close it when the host stops
     */
    public static ReadinessProbe of(JobStore store, Duration timeout) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw LeadJobsException.invalidSetting("readiness timeout", "between 10 ms and 1 minute", timeout);
        }
        return new ReadinessProbe(store, timeout);
    }

    /**
     * Asks the store.
     *
     * @return empty when the store answered in time; otherwise why not, as one sentence (no secrets)
     */
    public Optional<String> check() {
        if (closed.get()) {
            return Optional.of("The readiness probe is closed.");
        }
        CompletableFuture<Void> attempt;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.runAsync(() -> store.find(NO_SUCH_JOB), executor);
            }
            attempt = inFlight;
        }
        try {
            attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("The job store did not answer within " + timeout.toMillis() + " ms.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of("The job store failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("The readiness check was interrupted.");
        }
    }

    /** Stops the probe's thread (interrupting a lookup that still hangs). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LeadJobsExecutors.shutdown(executor, Duration.ofSeconds(1));
        }
    }
}
