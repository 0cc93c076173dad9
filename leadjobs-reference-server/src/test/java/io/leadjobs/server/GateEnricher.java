package io.leadjobs.server;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds every lead until {@link #open()} is called, so that a test can subscribe before a job makes progress, or
 * stop the server while a batch is running. Waits at most a minute, so a failed test cannot hang a worker.
 */
final class GateEnricher implements LeadEnricher {

    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public String name() {
        return "test_gate";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        entered.countDown();
        gate.await(1, TimeUnit.MINUTES);
    }

    void open() {
        gate.countDown();
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(20, TimeUnit.SECONDS);
    }
}
