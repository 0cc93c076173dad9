package io.leadjobs.cluster;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.StatusUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Remembers the last {@code seq} received for each recent job, to notice updates that never arrived: a
 * server that stored a batch and died before its notification went out leaves a hole that the next owner
 * of the job jumps over. Holds at most {@code maxJobs} jobs (least recently updated forgotten first) and
 * forgets a job when it ends. Used by one thread only.
 */
final class SeqTracker {
    static final int DEFAULT_JOBS = 100_000;

    private final Map<UUID, Long> last;
    private UUID lastJob;
    private long lastBefore;

    SeqTracker(int maxJobs) {
        this.last = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
                return size() > maxJobs;
            }
        };
    }

    /** Records the update; true if updates of its job with smaller {@code seq} were skipped since the last one seen. */
    boolean skipsAhead(JobUpdate u) {
        Long previous = ended(u) ? last.remove(u.jobId()) : last.put(u.jobId(), u.seq());
        lastJob = u.jobId();
        lastBefore = previous == null ? 0 : previous;
        return previous != null && u.seq() > previous + 1;
    }

    /** The seq seen before {@code u} by the last {@link #skipsAhead} call about its job (0 if none). */
    long lastBefore(JobUpdate u) {
        return u.jobId().equals(lastJob) ? lastBefore : 0;
    }

    private static boolean ended(JobUpdate u) {
        return u instanceof CompleteUpdate || u instanceof ErrorUpdate
                || (u instanceof StatusUpdate s && s.status().isTerminal());
    }
}
