package io.leadjobs.websocket;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one client's tasks one at a time, in order, on a shared pool, with at most {@code capacity} waiting:
 * a subscribe and the unsubscribe that follows it never race, and no client can queue unbounded work.
 */
final class SerialRunner {
    private final Executor pool;
    private final int capacity;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialRunner(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    /** Queues the task; false if this client already has {@code capacity} tasks waiting. */
    boolean submit(Runnable task) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        tasks.add(task);
        schedule();
        return true;
    }

    private void schedule() {
        if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
            try {
                pool.execute(this::runAll);
            } catch (RejectedExecutionException e) {
                running.set(false);
                tasks.clear();
                size.set(0);
            }
        }
    }

    private void runAll() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                size.decrementAndGet();
                task.run();
            }
        } finally {
            running.set(false);
            schedule();
        }
    }
}
