package io.leadjobs.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SubscriptionRegistry} promises. Implementations extend this class (test-jar). */
public abstract class SubscriptionRegistryContractTest {
    protected SubscriptionRegistry registry;

    protected abstract SubscriptionRegistry createRegistry();

    protected void cleanUp(SubscriptionRegistry registry) {
    }

    @BeforeEach
    void openRegistry() {
        registry = createRegistry();
    }

    @AfterEach
    void closeRegistry() {
        cleanUp(registry);
    }

    @Test
    void subscribingTwiceReportsTheSecondAsExisting() {
        UUID job = UUID.randomUUID();

        assertThat(registry.subscribe("s1", job)).isTrue();
        assertThat(registry.subscribe("s1", job)).isFalse();
        assertThat(registry.subscribers(job)).containsExactly("s1");
        assertThat(registry.subscriptions("s1")).containsExactly(job);
    }

    @Test
    void tracksBothDirections() {
        UUID job1 = UUID.randomUUID();
        UUID job2 = UUID.randomUUID();
        registry.subscribe("s1", job1);
        registry.subscribe("s1", job2);
        registry.subscribe("s2", job1);

        assertThat(registry.subscribers(job1)).containsExactlyInAnyOrder("s1", "s2");
        assertThat(registry.subscribers(job2)).containsExactly("s1");
        assertThat(registry.subscriptions("s1")).containsExactlyInAnyOrder(job1, job2);
        assertThat(registry.subscriptions("s3")).isEmpty();
        assertThat(registry.subscribers(UUID.randomUUID())).isEmpty();
    }

    @Test
    void unsubscribeIsIdempotent() {
        UUID job = UUID.randomUUID();
        registry.subscribe("s1", job);

        assertThat(registry.unsubscribe("s1", job)).isTrue();
        assertThat(registry.unsubscribe("s1", job)).isFalse();
        assertThat(registry.unsubscribe("nobody", job)).isFalse();
        assertThat(registry.subscribers(job)).isEmpty();
        assertThat(registry.subscriptions("s1")).isEmpty();
    }

    @Test
    void unsubscribeAllRemovesEverySubscriptionOfTheSubscriberOnly() {
        UUID job1 = UUID.randomUUID();
        UUID job2 = UUID.randomUUID();
        registry.subscribe("s1", job1);
        registry.subscribe("s1", job2);
        registry.subscribe("s2", job2);

        registry.unsubscribeAll("s1");
        registry.unsubscribeAll("never-subscribed");

        assertThat(registry.subscriptions("s1")).isEmpty();
        assertThat(registry.subscribers(job1)).isEmpty();
        assertThat(registry.subscribers(job2)).containsExactly("s2");
    }

    @Test
    void returnedSetsAreSnapshotsThatCannotChangeTheRegistry() {
        UUID job = UUID.randomUUID();
        registry.subscribe("s1", job);
        Set<String> subscribers = registry.subscribers(job);
        Set<UUID> subscriptions = registry.subscriptions("s1");

        registry.subscribe("s2", job);

        assertThat(subscribers).containsExactly("s1");
        assertThatThrownBy(() -> subscribers.add("s3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> subscriptions.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(registry.subscribers(job)).containsExactlyInAnyOrder("s1", "s2");
    }

    @Test
    void concurrentSubscribersEndUpConsistent() throws Exception {
        UUID job = UUID.randomUUID();
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String s = "t" + id + "-" + i;
                        registry.subscribe(s, job);
                        if (i % 2 == 0) {
                            registry.unsubscribeAll(s);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> subscribers = registry.subscribers(job);
        assertThat(subscribers).hasSize(threads * perThread / 2);
        for (String s : subscribers) {
            assertThat(registry.subscriptions(s)).containsExactly(job);
        }
    }
}
