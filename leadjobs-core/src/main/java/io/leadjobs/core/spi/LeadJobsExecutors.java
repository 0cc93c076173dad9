package io.leadjobs.core.spi;

import io.leadjobs.core.LeadJobsException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where leadjobs creates threads, in core and in the modules built on it (publishers, the
 * Socket.IO gateway), so extensions name and guard their threads the same way: every thread is named ({@code leadjobs-worker-1}), is a
 * daemon only where said, and has an uncaught-exception handler that logs what escaped. Owners shut down
 * what they create ({@link #shutdown}).
 */
public final class LeadJobsExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(LeadJobsExecutors.class);

    private static final Thread.UncaughtExceptionHandler HANDLER = (thread, error) ->
            LOG.error("Uncaught exception on thread {}", thread.getName(), error);

    private LeadJobsExecutors() {
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... with the logging uncaught-exception handler. */
    public static ThreadFactory threadFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            t.setDaemon(false);
            t.setUncaughtExceptionHandler(HANDLER);
            return t;
        };
    }

    /**
     * A pool of {@code threads} threads with a bounded queue of {@code queueCapacity} tasks; when the queue
     * is full (or the pool was shut down) the submitting thread runs the task itself, which slows producers
     * instead of losing work.
     */
    public static ExecutorService fixed(String prefix, int threads, int queueCapacity) {
        return fixed(prefix, threads, queueCapacity, 0);
    }

    /**
     * As {@link #fixed(String, int, int)}, for background work: on Linux each thread first raises its own nice
     * value by {@code niceIncrement} (1-19; 0 leaves it), so that it yields the cores to other threads that want
     * them and takes them all when none does.
     */
    public static ExecutorService fixed(String prefix, int threads, int queueCapacity, int niceIncrement) {
        if (threads < 1) {
            throw LeadJobsException.invalidSetting(prefix + " threads", "at least 1", threads);
        }
        LeadJobsException.requireBetween(prefix + " nice increment", niceIncrement, 0, 19);
        ThreadFactory named = threadFactory(prefix);
        ThreadFactory factory = niceIncrement == 0 ? named : runnable -> named.newThread(() -> {
            ThreadNiceness.lowerCurrent(niceIncrement);
            runnable.run();
        });
        // a linked queue: a large bound costs nothing until tasks actually wait
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(Math.max(1, queueCapacity)), factory,
                (task, executor) -> task.run());
        return pool;
    }

    /** A single-threaded scheduler whose thread is named {@code name-1}; cancelled tasks are removed. */
    public static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threadFactory(name));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return s;
    }

    /**
     * Shuts the executor down, waits up to {@code timeout} for running tasks, then interrupts what is
     * left. Restores the interrupt flag if the caller is interrupted while waiting.
     */
    public static void shutdown(ExecutorService executor, java.time.Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
