package io.leadjobs.cluster;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.core.spi.ListenerDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What both cluster publishers share: the {@link Outbox} that {@code publish} fills and the publisher's
 * sending thread empties, the delivery to this server's listeners of what comes back from the broker (with
 * a gap notice where a job's {@code seq} jumps ahead), and the closed flag that is set once.
 */
abstract class ClusterPublisher implements JobEventPublisher {
    final Outbox outbox;
    final ListenerDelivery delivery;
    private final SeqTracker seqs = new SeqTracker(SeqTracker.DEFAULT_JOBS);
    private final Object lifecycle = new Object();
    private final Logger log;
    volatile boolean closed;

    ClusterPublisher(Outbox outbox, ListenerDelivery delivery, Logger log) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.log = log;
    }

    @Override
    public final void publish(JobUpdate update) {
        Objects.requireNonNull(update, "update");
        if (closed) {
            log.debug("Job {}: update {} published after close is dropped", update.jobId(), update.seq());
            return;
        }
        if (!outbox.offer(update)) {
            dropped(update);
        }
    }

    /** Updates published together go to the broker in one batch (room permitting), so they arrive together. */
    @Override
    public final void publishAll(List<JobUpdate> updates) {
        List<JobUpdate> group = List.copyOf(updates);
        if (group.isEmpty()) {
            return;
        }
        if (closed) {
            log.debug("Job {}: updates {}-{} published after close are dropped", group.get(0).jobId(), group.get(0).seq(),
                    group.get(group.size() - 1).seq());
            return;
        }
        outbox.offerAll(group).forEach(this::dropped);
    }

    /** Called when {@code update} found no room in the outbox within its wait: it is lost. */
    abstract void dropped(JobUpdate update);

    @Override
    public final Registration addListener(JobUpdateListener listener) {
        Objects.requireNonNull(listener, "listener");
        return delivery.add(listener);
    }

    /** Marks the publisher closed; false when it was closed already. */
    final boolean markClosed() {
        return markClosed(() -> { });
    }

    /**
     * Marks the publisher closed, running {@code first} just before under the same lock; false when it was
     * closed already (then {@code first} does not run).
     */
    final boolean markClosed(Runnable first) {
        synchronized (lifecycle) {
            if (closed) {
                return false;
            }
            first.run();
            closed = true;
            return true;
        }
    }

    /**
     * Hands an update that came back from the broker to this server's listeners, after telling them of a gap
     * when updates of its job before it never arrived; {@code likelyCause} ends the warning (empty or a
     * sentence fragment in brackets).
     */
    final void received(JobUpdate u, String likelyCause) {
        receivedAll(List.of(u), likelyCause);
    }

    /**
     * Hands updates that came back from the broker together to this server's listeners, together where no gap lies
     * between them (a listener then gets them in one call); where updates of a job before one of them never
     * arrived, the listeners are told of a gap after the updates before it.
     */
    final void receivedAll(List<JobUpdate> updates, String likelyCause) {
        List<JobUpdate> together = new ArrayList<>(updates.size());
        for (JobUpdate u : updates) {
            boolean skipped;
            long before;
            synchronized (seqs) {
                skipped = seqs.skipsAhead(u);
                before = seqs.lastBefore(u);
            }
            if (skipped) {
                delivery.deliverAll(together);
                together.clear();
                log.warn("Job {}: update {} arrived after update {}; the updates between were lost{}, listeners are told of a gap",
                        u.jobId(), u.seq(), before, likelyCause);
                delivery.possibleGap();
            }
            together.add(u);
        }
        delivery.deliverAll(together);
    }
}
