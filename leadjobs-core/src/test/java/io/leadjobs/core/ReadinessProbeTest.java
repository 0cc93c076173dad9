package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.memory.InMemory;
import io.leadjobs.core.spi.JobStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

    /**
     * The timeout of the probes whose store answers: the check returns as soon as the store does, so a long one
     * costs nothing, and the probe's thread may start late on a busy machine without the check timing out.
     */
    private static final Duration ANSWERING = Duration.ofSeconds(30);

    @Test
    void aStoreThatAnswersIsReady() {
        try (ReadinessProbe probe = ReadinessProbe.of(InMemory.jobStore(), ANSWERING)) {
            assertThat(probe.check()).isEmpty();
        }
    }

    @Test
    void aFailingStoreIsNotReadyAndTheReasonNamesTheFailure() {
        JobStore failing = new ForwardingJobStore() {
            @Override
            public Optional<Job> find(UUID jobId) {
                throw LeadJobsException.storeFailure("look up a job", new IllegalStateException("connection refused"));
            }
        };
        try (ReadinessProbe probe = ReadinessProbe.of(failing, ANSWERING)) {
            assertThat(probe.check()).hasValueSatisfying(reason -> assertThat(reason).startsWith("The job store failed"));
        }
    }

    @Test
    void aHangingStoreIsNotReadyAfterTheTimeoutAndIsNotAskedAgainWhileItHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        JobStore hanging = new ForwardingJobStore() {
            @Override
            public Optional<Job> find(UUID jobId) {
                lookups.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
        };
        try (ReadinessProbe probe = ReadinessProbe.of(hanging, Duration.ofMillis(100))) {
            assertThat(probe.check()).hasValue("The job store did not answer within 100 ms.");
            assertThat(probe.check()).hasValue("The job store did not answer within 100 ms.");
            // the probe's thread may not have reached the store yet when the checks time out: once it has, the
            // two checks asked once
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lookups.get() >= 1);
            assertThat(lookups).hasValue(1);
            release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> probe.check().isEmpty());
        }
    }

    @Test
    void refusesATimeoutOutsideItsRange() {
        assertThatThrownBy(() -> ReadinessProbe.of(InMemory.jobStore(), Duration.ZERO))
                .hasMessageContaining("readiness timeout must be between 10 ms and 1 minute");
    }
}
