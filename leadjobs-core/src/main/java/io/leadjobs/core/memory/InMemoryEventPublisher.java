package io.leadjobs.core.memory;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LeadJobsExecutors;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers within one process. {@link #publish} only enqueues: each listener has its own queue, bounded
 * at {@code queuePerListener}, drained in order by one delivery thread at a time, so a slow listener
 * delays only itself and the updates of a job reach every listener in the order published. A listener
 * whose queue is full misses the update and is told through {@code onPossibleGap()}.
 */
final class InMemoryEventPublisher implements JobEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventPublisher.class);
    private static final int DRAIN_BURST = 256;

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;
    private final int queuePerListener;
    private volatile boolean closed;

    InMemoryEventPublisher(int threads, int queuePerListener) {
        this.queuePerListener = queuePerListener;
        // at most one drain task per listener is ever queued, so the work queue is bounded by the listener count
        this.delivery = Executors.newFixedThreadPool(threads, LeadJobsExecutors.threadFactory("leadjobs-events"));
    }

    @Override
    public void publish(JobUpdate update) {
        Objects.requireNonNull(update, "update");
        if (closed) {
            LOG.debug("Job {}: update {} published after close is dropped", update.jobId(), update.seq());
            return;
        }
        for (Subscriber s : subscribers) {
            s.offer(update);
        }
    }

    @Override
    public Registration addListener(JobUpdateListener listener) {
        Objects.requireNonNull(listener, "listener");
        Subscriber s = new Subscriber(listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscribers.clear();
        LeadJobsExecutors.shutdown(delivery, Duration.ofSeconds(5));
    }

    private final class Subscriber {
        private final JobUpdateListener listener;
        private final ConcurrentLinkedQueue<JobUpdate> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean gap = new AtomicBoolean();

        Subscriber(JobUpdateListener listener) {
            this.listener = listener;
        }

        void offer(JobUpdate update) {
            if (size.incrementAndGet() > queuePerListener) {
                size.decrementAndGet();
                gap.set(true);
            } else {
                queue.add(update);
            }
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    delivery.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    scheduled.set(false);
                }
            }
        }

        private void drain() {
            try {
                for (int i = 0; i < DRAIN_BURST; i++) {
                    JobUpdate u = queue.poll();
                    if (u == null) {
                        break;
                    }
                    size.decrementAndGet();
                    try {
                        listener.onUpdate(u);
                    } catch (RuntimeException e) {
                        LOG.warn("Job {}: a listener failed on update {}", u.jobId(), u.seq(), e);
                    }
                }
                if (gap.getAndSet(false)) {
                    try {
                        listener.onPossibleGap();
                    } catch (RuntimeException e) {
                        LOG.warn("A listener failed on a possible gap", e);
                    }
                }
            } finally {
                scheduled.set(false);
            }
            if ((!queue.isEmpty() || gap.get()) && !closed) {
                schedule();
            }
        }
    }
}
