package io.leadjobs.core.spi;

import io.leadjobs.core.Job;

/** Decides who may see and control a job. The default lets only its owner. */
public interface AccessPolicy {

    boolean canView(String userId, Job job);

    default boolean canCancel(String userId, Job job) {
        return canView(userId, job);
    }

    /** Only the job's owner. */
    static AccessPolicy ownerOnly() {
        return (userId, job) -> job.owner().equals(userId);
    }
}
