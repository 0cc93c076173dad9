package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between {@code publish} and a publisher's sending thread: {@code publish} waits a bounded
 * time for room, and the sending thread takes updates in batches, in the order they were published.
 */
final class Outbox {
    private final BlockingQueue<JobUpdate> queue;
    private final Duration wait;

    Outbox(int capacity, Duration wait) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wait = wait;
    }

    /** Queues the update, waiting up to the configured time for room; false if it could not be queued. */
    boolean offer(JobUpdate update) {
        if (queue.offer(update)) {
            return true;
        }
        try {
            return queue.offer(update, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Queues updates published together so that the sending thread takes them in one batch when there is room for
     * all of them at once (it cannot take a batch while they are being queued); otherwise each is queued as by
     * {@link #offer}. Returns those that could not be queued.
     */
    List<JobUpdate> offerAll(List<JobUpdate> updates) {
        int queued = 0;
        synchronized (this) {
            if (queue.remainingCapacity() >= updates.size()) {
                while (queued < updates.size() && queue.offer(updates.get(queued))) {
                    queued++;
                }
            }
        }
        List<JobUpdate> refused = new ArrayList<>(0);
        for (int i = queued; i < updates.size(); i++) {
            if (!offer(updates.get(i))) {
                refused.add(updates.get(i));
            }
        }
        return refused;
    }

    /**
     * Waits up to {@code pollMillis} for an update, then adds it and up to {@code max - 1} more that are waiting
     * to {@code batch} (all of a group being queued by {@link #offerAll}, room permitting); false if none arrived.
     */
    boolean nextBatch(List<JobUpdate> batch, long pollMillis, int max) {
        JobUpdate first;
        try {
            first = queue.poll(pollMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first = queue.poll();
        }
        if (first == null) {
            return false;
        }
        batch.add(first);
        synchronized (this) {
            queue.drainTo(batch, max - 1);
        }
        return true;
    }

    int size() {
        return queue.size();
    }

    Duration waitLimit() {
        return wait;
    }
}
