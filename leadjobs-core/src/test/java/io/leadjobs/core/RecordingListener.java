package io.leadjobs.core;

import io.leadjobs.core.spi.JobUpdateListener;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every update it receives, in arrival order. */
final class RecordingListener implements JobUpdateListener {
    final List<JobUpdate> updates = new CopyOnWriteArrayList<>();
    final AtomicInteger gaps = new AtomicInteger();

    @Override
    public void onUpdate(JobUpdate update) {
        updates.add(update);
    }

    @Override
    public void onPossibleGap() {
        gaps.incrementAndGet();
    }

    List<JobUpdate> of(UUID jobId) {
        return updates.stream().filter(u -> u.jobId().equals(jobId)).toList();
    }

    boolean finished(UUID jobId) {
        return of(jobId).stream().anyMatch(u -> u instanceof CompleteUpdate || u instanceof ErrorUpdate
                || (u instanceof StatusUpdate s && s.status() == JobStatus.CANCELLED));
    }
}
