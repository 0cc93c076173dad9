package io.leadjobs.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time in the order they were submitted, on whichever submitting thread finds no other
 * thread at work; never blocks a submitter. A task submitted while the queue is being drained (from another
 * thread, or from within a task) is always run: the drainer looks again after letting go.
 */
final class SerialTasks {

    private static final Logger LOG = LoggerFactory.getLogger(SerialTasks.class);

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void submit(Runnable task) {
        queue.add(task);
        while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = queue.poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        LOG.warn("A WebSocket connection task failed", e);
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
