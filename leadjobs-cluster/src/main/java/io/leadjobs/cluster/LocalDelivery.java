package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsExecutors;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the broker delivered to this server's listeners. Each listener has its own queue, bounded at
 * {@code queuePerListener} and drained in order by one delivery thread at a time, so a slow listener
 * delays only itself and keeps each job's {@code seq} order. A possible gap (the broker connection was
 * lost, or the listener's queue overflowed) reaches the listener after the updates queued before it.
 */
final class LocalDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDelivery.class);
    private static final int DRAIN_BURST = 256;
    private static final Object GAP = new Object();

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final int queuePerListener;
    private volatile boolean closed;

    LocalDelivery(String threadPrefix, int threads, int queuePerListener) {
        this.queuePerListener = queuePerListener;
        // at most one drain task per listener is queued at a time, so the work queue is bounded by the listener count
        this.executor = Executors.newFixedThreadPool(threads, LeadJobsExecutors.threadFactory(threadPrefix));
    }

    JobEventPublisher.Registration add(JobUpdateListener listener) {
        Subscriber s = new Subscriber(listener);
        subscribers.add(s);
        return () -> {
            s.removed = true;
            subscribers.remove(s);
        };
    }

    void deliver(JobUpdate update) {
        for (Subscriber s : subscribers) {
            s.offer(update);
        }
    }

    /** Tells every current listener that it may have missed updates. */
    void possibleGap() {
        for (Subscriber s : subscribers) {
            s.gap();
        }
    }

    int listenerCount() {
        return subscribers.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscribers.forEach(s -> s.removed = true);
        subscribers.clear();
        LeadJobsExecutors.shutdown(executor, Duration.ofSeconds(5));
    }

    private final class Subscriber {
        private final JobUpdateListener listener;
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean overflowed = new AtomicBoolean();
        private volatile boolean removed;

        Subscriber(JobUpdateListener listener) {
            this.listener = listener;
        }

        void offer(JobUpdate update) {
            if (size.incrementAndGet() > queuePerListener) {
                size.decrementAndGet();
                if (overflowed.compareAndSet(false, true)) {
                    LOG.warn("Job {}: a listener's queue of {} updates is full; it misses update {} and is told of a gap",
                            update.jobId(), queuePerListener, update.seq());
                }
            } else {
                queue.add(update);
            }
            schedule();
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
                    scheduled.set(false);
                }
            }
        }

        private void drain() {
            try {
                for (int i = 0; i < DRAIN_BURST && !removed; i++) {
                    Object item = queue.poll();
                    if (item == null) {
                        break;
                    }
                    if (item == GAP) {
                        tellGap();
                    } else {
                        size.decrementAndGet();
                        JobUpdate u = (JobUpdate) item;
                        try {
                            listener.onUpdate(u);
                        } catch (RuntimeException e) {
                            LOG.warn("Job {}: a listener failed on update {}", u.jobId(), u.seq(), e);
                        }
                    }
                }
                if (queue.isEmpty() && overflowed.getAndSet(false) && !removed) {
                    tellGap();
                }
            } finally {
                scheduled.set(false);
            }
            if ((!queue.isEmpty() || overflowed.get()) && !removed && !closed) {
                schedule();
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
