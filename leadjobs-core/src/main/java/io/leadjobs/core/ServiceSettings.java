package io.leadjobs.core;

import io.leadjobs.core.spi.AccessPolicy;
import io.leadjobs.core.spi.JobEventPublisher;
import io.leadjobs.core.spi.JobObserver;
import io.leadjobs.core.spi.JobStore;
import io.leadjobs.core.spi.LeadEnricher;
import io.leadjobs.core.spi.LeadScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The validated settings of a job service, as the builder left them. */
record ServiceSettings(
        JobStore store,
        boolean ownStore,
        JobEventPublisher publisher,
        boolean ownPublisher,
        List<LeadEnricher> enrichers,
        LeadScorer scorer,
        AccessPolicy accessPolicy,
        int batchSize,
        int batchesAhead,
        int maxLeads,
        int jobConcurrency,
        int enrichmentThreads,
        int enrichmentNiceness,
        int highScoreThreshold,
        Duration updateInterval,
        Clock clock,
        Duration lease,
        Duration pollInterval,
        Duration shutdownTimeout,
        Optional<Duration> retention,
        long maxStoredLeadsPerUser,

        JobObserver observer) {
}
