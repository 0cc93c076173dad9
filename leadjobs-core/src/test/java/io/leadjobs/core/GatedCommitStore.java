package io.leadjobs.core;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store whose n-th commitBatch waits until the test releases it, as a slow database would. */
final class GatedCommitStore extends ForwardingJobStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final int gatedCommit;
    private final AtomicInteger commits = new AtomicInteger();
    /** The number of results in each commit that reached the store, in order. */
    final List<Integer> resultsPerCommit = new CopyOnWriteArrayList<>();

    GatedCommitStore(int gatedCommit) {
        this.gatedCommit = gatedCommit;
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        if (commits.incrementAndGet() == gatedCommit) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw LeadJobsException.storeFailure("commit a batch", new IOException("the test never released the commit"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LeadJobsException.storeFailure("commit a batch", new IOException("interrupted"));
            }
        }
        resultsPerCommit.add(batch.results().size());
        return super.commitBatch(jobId, batch);
    }
}
