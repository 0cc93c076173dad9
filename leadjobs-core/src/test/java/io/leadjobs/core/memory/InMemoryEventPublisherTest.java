package io.leadjobs.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobEventPublisherContractTest;
import io.leadjobs.core.spi.JobUpdateListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryEventPublisherTest extends JobEventPublisherContractTest {
    @Override
    protected JobEventPublisher createPublisher() {
        return InMemory.eventPublisher(2, 1_000);
    }

    @Test
    void listenerWhoseQueueOverflowsIsToldItMayHaveAGap() throws Exception {
        JobEventPublisher small = InMemory.eventPublisher(1, 5);
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            List<Long> seen = new CopyOnWriteArrayList<>();
            AtomicInteger gaps = new AtomicInteger();
            small.addListener(new JobUpdateListener() {
                @Override
                public void onUpdate(JobUpdate update) {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen.add(update.seq());
                }

                @Override
                public void onPossibleGap() {
                    gaps.incrementAndGet();
                }
            });
            UUID job = UUID.randomUUID();
            small.publish(update(job, 1));
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 2; i <= 20; i++) {
                small.publish(update(job, i));
            }
            release.countDown();

            await().atMost(Duration.ofSeconds(20)).until(() -> gaps.get() == 1);
            assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        } finally {
            small.close();
        }
    }
}
