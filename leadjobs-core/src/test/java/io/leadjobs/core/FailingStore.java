package io.leadjobs.core;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store whose n-th commitBatch fails the way a full disk would. */
final class FailingStore extends ForwardingJobStore {
    private final int failingCommit;
    private final AtomicInteger commits = new AtomicInteger();

    FailingStore(int failingCommit) {
        this.failingCommit = failingCommit;
    }

    @Override
    public Job commitBatch(UUID jobId, BatchCommit batch) {
        if (commits.incrementAndGet() == failingCommit) {
            throw LeadJobsException.storeFailure("commit a batch", new IOException("disk full"));
        }
        return super.commitBatch(jobId, batch);
    }
}
