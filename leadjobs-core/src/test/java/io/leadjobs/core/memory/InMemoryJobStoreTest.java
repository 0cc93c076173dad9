package io.leadjobs.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.Job;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.JobStoreContractTest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryJobStoreTest extends JobStoreContractTest {
    @Override
    protected JobStore createStore() {
        return InMemory.jobStore();
    }

    @Test
    void keepsOnlyTheNewestLogsOfAJob() {
        JobStore small = InMemory.jobStore(Clock.systemUTC(), 3);
        Job job = Job.queued(UUID.randomUUID(), "alice", "j", 1, 0, T0);
        small.create(job, leads(1), List.of());

        small.transition(job.id(), JobStatus.PROCESSING, Optional.empty(), 5, List.of(log(1), log(2), log(3), log(4), log(5)));

        assertThat(small.recentLogs(job.id(), 50)).containsExactly(log(3), log(4), log(5));
    }
}
