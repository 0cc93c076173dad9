package io.leadjobs.spring.boot;

import io.leadjobs.core.ReadinessProbe;
import io.leadjobs.core.spi.JobStore;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code leadjobs}: UP while the job store answers within the timeout, DOWN with the reason otherwise. */
final class LeadJobsHealthIndicator implements HealthIndicator, AutoCloseable {

    private final ReadinessProbe probe;

    LeadJobsHealthIndicator(JobStore store, Duration timeout) {
        this.probe = ReadinessProbe.of(store, timeout);
    }

    @Override
    public Health health() {
        Optional<String> problem = probe.check();
        return problem.isEmpty() ? Health.up().build() : Health.down().withDetail("store", problem.get()).build();
    }

    @Override
    public void close() {
        probe.close();
    }
}
