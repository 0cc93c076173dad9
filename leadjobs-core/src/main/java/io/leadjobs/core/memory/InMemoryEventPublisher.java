package io.leadjobs.core.memory;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobUpdateListener;
import io.leadjobs.core.spi.ListenerDelivery;
import java.util.List;
import java.util.Objects;

/**
 * Delivers within one process. {@link #publish} only enqueues: each listener has its own queue, bounded at
 * {@code queuePerListener} and coalescing progress updates when it backs up, drained in order by one delivery
 * thread at a time ({@link ListenerDelivery}), so a slow listener delays only itself and the updates of a job
 * reach every listener in the order published. {@link #publishAll} enqueues its updates as one item, which a
 * listener gets in one call. A listener whose queue is full misses the update and is told through
 * {@code onPossibleGap()}.
 */
final class InMemoryEventPublisher implements JobEventPublisher {

    private final ListenerDelivery delivery;

    InMemoryEventPublisher(int threads, int queuePerListener) {
        this.delivery = ListenerDelivery.create("leadjobs-events", threads, queuePerListener);
    }

    @Override
    public void publish(JobUpdate update) {
        delivery.deliver(Objects.requireNonNull(update, "update"));
    }

    @Override
    public void publishAll(List<JobUpdate> updates) {
        delivery.deliverAll(updates);
    }

    @Override
    public Registration addListener(JobUpdateListener listener) {
        return delivery.add(listener);
    }

    @Override
    public void close() {
        delivery.close();
    }
}
