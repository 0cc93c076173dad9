package io.leadjobs.websocket;

import io.leadjobs.core.JobUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The most recent updates of the most recently active jobs, so that a client that reconnects with
 * {@code lastSeq} can be given exactly what it missed. Bounded twice: {@code updatesPerJob} per job and
 * {@code maxJobs} jobs (least recently updated forgotten first). Thread-safe.
 */
final class ReplayBuffer {
    private final int updatesPerJob;
    private final int maxJobs;
    private final Map<UUID, ArrayDeque<JobUpdate>> jobs;

    ReplayBuffer(int updatesPerJob, int maxJobs) {
        this.updatesPerJob = updatesPerJob;
        this.maxJobs = maxJobs;
        this.jobs = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, ArrayDeque<JobUpdate>> eldest) {
                return size() > ReplayBuffer.this.maxJobs;
            }
        };
    }

    synchronized void record(JobUpdate update) {
        if (updatesPerJob == 0) {
            return;
        }
        ArrayDeque<JobUpdate> updates = jobs.computeIfAbsent(update.jobId(), id -> new ArrayDeque<>());
        if (!updates.isEmpty() && update.seq() <= updates.peekLast().seq()) {
            return;
        }
        if (!updates.isEmpty() && update.seq() != updates.peekLast().seq() + 1) {
            updates.clear();
        }
        updates.addLast(update);
        while (updates.size() > updatesPerJob) {
            updates.removeFirst();
        }
    }

    /**
     * The updates with {@code afterSeq < seq <= upToSeq}, in order, if every one of them is held; empty if any
     * is missing.
     */
    synchronized Optional<List<JobUpdate>> between(UUID jobId, long afterSeq, long upToSeq) {
        if (afterSeq > upToSeq || afterSeq < 0) {
            return Optional.empty();
        }
        if (afterSeq == upToSeq) {
            return Optional.of(List.of());
        }
        ArrayDeque<JobUpdate> updates = jobs.get(jobId);
        if (updates == null || updates.isEmpty() || updates.peekFirst().seq() > afterSeq + 1
                || updates.peekLast().seq() < upToSeq) {
            return Optional.empty();
        }
        List<JobUpdate> result = new ArrayList<>();
        for (Iterator<JobUpdate> it = updates.iterator(); it.hasNext(); ) {
            JobUpdate u = it.next();
            if (u.seq() > afterSeq && u.seq() <= upToSeq) {
                result.add(u);
            }
        }
        return Optional.of(List.copyOf(result));
    }

    /**
     * Whether the updates after {@code afterSeq} are missing only at the end: none of the job's updates are
     * held yet (and the buffer holds updates at all), or those held start no later than {@code afterSeq + 1} but stop before {@code upToSeq}. Then
     * they may still arrive (this node hears a job's updates in order); when the first ones are gone, they
     * will not.
     */
    synchronized boolean behind(UUID jobId, long afterSeq, long upToSeq) {
        if (updatesPerJob == 0) {
            return false; // nothing is held, so nothing will catch up
        }
        ArrayDeque<JobUpdate> updates = jobs.get(jobId);
        if (updates == null || updates.isEmpty()) {
            return afterSeq < upToSeq;
        }
        return updates.peekFirst().seq() <= afterSeq + 1 && updates.peekLast().seq() < upToSeq;
    }

    synchronized int jobCount() {
        return jobs.size();
    }
}
