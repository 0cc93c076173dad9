package io.leadjobs.core;

import io.leadjobs.core.spi.JobUpdateListener;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every update it receives, in arrival order, and which arrived together, and counts the gaps it is told of
 * (core and cluster tests).
 */
public final class RecordingListener implements JobUpdateListener {
    public final List<JobUpdate> updates = new CopyOnWriteArrayList<>();
    public final AtomicInteger gaps = new AtomicInteger();
    /** The updates of each call, as they reached this listener together. */
    public final List<List<JobUpdate>> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onUpdate(JobUpdate update) {
        updates.add(update);
    }

    @Override
    public void onUpdates(List<JobUpdate> together) {
        calls.add(List.copyOf(together));
        JobUpdateListener.super.onUpdates(together);
    }

    @Override
    public void onPossibleGap() {
        gaps.incrementAndGet();
    }

    public List<JobUpdate> of(UUID jobId) {
        return updates.stream().filter(u -> u.jobId().equals(jobId)).toList();
    }

    /** The job's sequence numbers in arrival order. */
    public List<Long> seqs(UUID jobId) {
        return of(jobId).stream().map(JobUpdate::seq).toList();
    }

    public boolean finished(UUID jobId) {
        return of(jobId).stream().anyMatch(u -> u instanceof CompleteUpdate || u instanceof ErrorUpdate
                || (u instanceof StatusUpdate s && s.status() == JobStatus.CANCELLED));
    }
}
