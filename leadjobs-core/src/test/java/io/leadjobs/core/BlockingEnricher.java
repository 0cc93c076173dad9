package io.leadjobs.core;

import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds the lead with the given email until released, so a test can act while a batch is in flight. */
final class BlockingEnricher implements LeadEnricher {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final String email;

    BlockingEnricher(String email) {
        this.email = email;
    }

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext context) throws InterruptedException {
        if (lead.email().equals(email)) {
            entered.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the lead");
            }
        }
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }
}
