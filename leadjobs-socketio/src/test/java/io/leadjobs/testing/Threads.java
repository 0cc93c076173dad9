package io.leadjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Checks that a closed server left none of its threads behind. */
public final class Threads {

    private Threads() {
    }

    public static void assertNoLeadjobsThreadsRemain() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .filteredOn(name -> name.startsWith("leadjobs-"))
                .isEmpty());
    }
}
