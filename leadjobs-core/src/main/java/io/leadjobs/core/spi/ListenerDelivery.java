package io.leadjobs.core.spi;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsException;
import io.leadjobs.core.ProgressUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The listener side of a {@link JobEventPublisher}: hands updates to this process's listeners without ever
 * making the publisher wait. Each listener has its own queue, drained in order by one delivery thread at a
 * time, so a slow listener delays only itself and each job's updates reach it in {@code seq} order. Updates
 * delivered together ({@link #deliverAll}) are one item in the queue: a drain hands the listener what waits, such
 * an item never split, in one {@link JobUpdateListener#onUpdates} call.
 *
 * <p>The queue cannot hide latency: once the oldest update waiting for a listener has waited
 * {@link #COALESCE_AFTER}, a newer progress update of a job replaces the one of that job still waiting (the
 * listener skips a progress value, never gets an old one late; a burst that the listener takes at once is
 * never coalesced, so a listener that keeps up gets every update), and at {@code queuePerListener} waiting
 * updates the listener misses updates and is told so
 * ({@link JobUpdateListener#onPossibleGap()}), after the updates queued before. A removed listener gets
 * nothing more, not even what was queued for it. Thread-safe; {@link #close()} delivers what was queued before it,
 * then stops the delivery threads.
 */
public final class ListenerDelivery implements AutoCloseable {

    /** How long the oldest update waiting for a listener may wait before waiting progress updates are coalesced. */
    public static final Duration COALESCE_AFTER = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(ListenerDelivery.class);
    private static final int DRAIN_BURST = 256;
    private static final Object GAP = new Object();

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final int queuePerListener;
    private final LongSupplier nanoTime;
    private volatile boolean closed;

    private ListenerDelivery(String threadPrefix, int threads, int queuePerListener, LongSupplier nanoTime) {
        this.queuePerListener = queuePerListener;
        this.nanoTime = nanoTime;
        // at most one drain task per listener is queued at a time, so the work queue is bounded by the listener count
        this.executor = Executors.newFixedThreadPool(threads, LeadJobsExecutors.threadFactory(threadPrefix));
    }

    /**
     * Delivery on {@code threads} threads named {@code threadPrefix-N} (1-64), with at most
     * {@code queuePerListener} updates waiting for one listener (at least 1).
     */
    public static ListenerDelivery create(String threadPrefix, int threads, int queuePerListener) {
        return create(threadPrefix, threads, queuePerListener, System::nanoTime);
    }

    /** As {@link #create(String, int, int)}, timing waiting updates with {@code nanoTime} (tests move it by hand). */
    static ListenerDelivery create(String threadPrefix, int threads, int queuePerListener, LongSupplier nanoTime) {
        Objects.requireNonNull(threadPrefix, "threadPrefix");
        if (threads < 1 || threads > 64) {
            throw LeadJobsException.invalidSetting("threads", "between 1 and 64", threads);
        }
        if (queuePerListener < 1) {
            throw LeadJobsException.invalidSetting("queuePerListener", "at least 1", queuePerListener);
        }
        return new ListenerDelivery(threadPrefix, threads, queuePerListener, nanoTime);
    }

    /** Adds a listener; closing the handle removes it and drops what still waits for it. */
    public JobEventPublisher.Registration add(JobUpdateListener listener) {
        Objects.requireNonNull(listener, "listener");
        Subscriber s = new Subscriber(listener);
        subscribers.add(s);
        return () -> {
            s.removed = true;
            subscribers.remove(s);
        };
    }

    /** Queues an update for every listener; returns at once. */
    public void deliver(JobUpdate update) {
        deliverAll(List.of(Objects.requireNonNull(update, "update")));
    }

    /**
     * Queues updates published together, in order, for every listener as one item: a listener gets them in one
     * {@link JobUpdateListener#onUpdates} call, with whatever else waited for it then. Returns at once.
     */
    public void deliverAll(List<JobUpdate> updates) {
        List<JobUpdate> group = List.copyOf(Objects.requireNonNull(updates, "updates"));
        if (group.isEmpty()) {
            return;
        }
        if (closed) {
            LOG.debug("Job {}: updates {}-{} delivered after close are dropped", group.get(0).jobId(), group.get(0).seq(),
                    group.get(group.size() - 1).seq());
            return;
        }
        for (Subscriber s : subscribers) {
            s.offer(group);
        }
    }

    /** Tells every current listener, after what is queued for it, that it may have missed updates. */
    public void possibleGap() {
        for (Subscriber s : subscribers) {
            s.gap();
        }
    }

    public int listenerCount() {
        return subscribers.size();
    }

    /**
     * Takes no more updates, delivers what was queued before (within 5 s: a job's last updates, published as its
     * service stops, still reach the listeners), then stops the delivery threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LeadJobsExecutors.shutdown(executor, Duration.ofSeconds(5));
        subscribers.forEach(s -> s.removed = true);
        subscribers.clear();
    }

    /** An update waiting in a listener's queue; a newer progress update of its job can supersede it. */
    private static final class Waiting {
        final JobUpdate update;
        final long queuedAt;
        /** Set once, by whoever takes it out of the count first: the drain delivering it, or a newer progress update. */
        final AtomicBoolean settled = new AtomicBoolean();

        Waiting(JobUpdate update, long queuedAt) {
            this.update = update;
            this.queuedAt = queuedAt;
        }
    }

    private final class Subscriber {
        private final JobUpdateListener listener;
        /** Groups of updates published together ({@code List<Waiting>}, in order) and {@link #GAP} markers. */
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        /** The progress update of each job still waiting, to be superseded by a newer one. */
        private final Map<UUID, Waiting> waitingProgress = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean overflowed = new AtomicBoolean();
        private volatile boolean removed;

        Subscriber(JobUpdateListener listener) {
            this.listener = listener;
        }

        void offer(List<JobUpdate> group) {
            long now = nanoTime.getAsLong();
            List<Waiting> accepted = new ArrayList<>(group.size());
            for (JobUpdate update : group) {
                if (size.incrementAndGet() > queuePerListener) {
                    size.decrementAndGet();
                    if (overflowed.compareAndSet(false, true)) {
                        LOG.warn("Job {}: a listener's queue of {} updates is full; it misses update {} and is told of a gap",
                                update.jobId(), queuePerListener, update.seq());
                    }
                    continue;
                }
                Waiting waiting = new Waiting(update, now);
                if (update instanceof ProgressUpdate) {
                    Waiting older = waitingProgress.put(update.jobId(), waiting);
                    if (older != null && behind(now) && older.settled.compareAndSet(false, true)) {
                        size.decrementAndGet();
                    }
                }
                accepted.add(waiting);
            }
            if (!accepted.isEmpty()) {
                queue.add(accepted);
            }
            schedule();
        }

        /** Whether the oldest update waiting now has waited at least {@link #COALESCE_AFTER}. */
        private boolean behind(long now) {
            for (Object head : queue) {
                if (head instanceof List<?> group) {
                    return now - ((Waiting) group.get(0)).queuedAt >= COALESCE_AFTER.toNanos();
                }
            }
            return false;
        }

        void gap() {
            queue.add(GAP);
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    // closing has stopped the delivery threads taking work: what is still queued is delivered here
                    drain();
                }
            }
        }

        /**
         * Hands the listener what waits, up to {@link #DRAIN_BURST} updates (a group published together is never
         * split), in one {@link JobUpdateListener#onUpdates} call; a gap marker is told after the updates before it.
         */
        private void drain() {
            try {
                List<JobUpdate> updates = new ArrayList<>();
                // once closed, the drain that runs takes the whole queue: nothing may be scheduled after it
                while ((updates.size() < DRAIN_BURST || closed) && !removed) {
                    Object item = queue.poll();
                    if (item == null) {
                        break;
                    }
                    if (item == GAP) {
                        hand(updates);
                        updates.clear();
                        tellGap();
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    List<Waiting> group = (List<Waiting>) item;
                    for (Waiting waiting : group) {
                        if (waiting.update instanceof ProgressUpdate) {
                            waitingProgress.remove(waiting.update.jobId(), waiting);
                        }
                        if (waiting.settled.compareAndSet(false, true)) {
                            size.decrementAndGet();
                            updates.add(waiting.update);
                        } // else superseded by a newer progress update of its job
                    }
                }
                hand(updates);
                if (queue.isEmpty() && overflowed.getAndSet(false) && !removed) {
                    tellGap();
                }
            } finally {
                scheduled.set(false);
            }
            if ((!queue.isEmpty() || overflowed.get()) && !removed) {
                schedule();
            }
        }

        /** Hands updates to the listener, unless it was removed; log lines meanwhile carry the first one's job id. */
        private void hand(List<JobUpdate> updates) {
            if (updates.isEmpty() || removed) {
                return;
            }
            JobUpdate first = updates.get(0);
            try (MDC.MDCCloseable mdc = MDC.putCloseable("jobId", first.jobId().toString())) {
                listener.onUpdates(List.copyOf(updates));
            } catch (RuntimeException e) {
                LOG.warn("Job {}: a listener failed on updates from {} on ({} in all)", first.jobId(), first.seq(),
                        updates.size(), e);
            }
        }

        private void tellGap() {
            try {
                listener.onPossibleGap();
            } catch (RuntimeException e) {
                LOG.warn("A listener failed on a possible gap", e);
            }
        }
    }
}
