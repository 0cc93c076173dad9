package io.leadjobs.examples.spring;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test enricher bean (the starter adds the application's enrichers to the defaults) that holds every lead
 * until the test opens it, so that a client subscribes while the job is still running and sees its updates
 * live. It never holds a lead longer than 2 minutes: longer than any test waits before it opens the gate (the
 * npm client may take 30 s to start and subscribe on a busy machine), and every test opens it when it ends.
 */
final class Gate implements LeadEnricher {

    private final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(1));

    void close() {
        latch.set(new CountDownLatch(1));
    }

    void open() {
        latch.get().countDown();
    }

    @Override
    public String name() {
        return "test-gate";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        latch.get().await(2, TimeUnit.MINUTES);
    }
}
