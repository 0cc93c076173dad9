package io.leadjobs.core.memory;

import io.leadjobs.core.spi.SubscriptionRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Both directions of the subscription relation, kept consistent under one lock. */
final class InMemorySubscriptionRegistry implements SubscriptionRegistry {
    private final Map<UUID, Set<String>> byJob = new java.util.HashMap<>();
    private final Map<String, Set<UUID>> bySubscriber = new java.util.HashMap<>();

    @Override
    public synchronized boolean subscribe(String subscriberId, UUID jobId) {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(jobId, "jobId");
        boolean added = bySubscriber.computeIfAbsent(subscriberId, k -> new HashSet<>()).add(jobId);
        byJob.computeIfAbsent(jobId, k -> new HashSet<>()).add(subscriberId);
        return added;
    }

    @Override
    public synchronized boolean unsubscribe(String subscriberId, UUID jobId) {
        Set<UUID> jobs = bySubscriber.get(subscriberId);
        if (jobs == null || !jobs.remove(jobId)) {
            return false;
        }
        if (jobs.isEmpty()) {
            bySubscriber.remove(subscriberId);
        }
        removeFromJob(jobId, subscriberId);
        return true;
    }

    @Override
    public synchronized void unsubscribeAll(String subscriberId) {
        Set<UUID> jobs = bySubscriber.remove(subscriberId);
        if (jobs != null) {
            for (UUID jobId : jobs) {
                removeFromJob(jobId, subscriberId);
            }
        }
    }

    private void removeFromJob(UUID jobId, String subscriberId) {
        Set<String> subs = byJob.get(jobId);
        if (subs != null) {
            subs.remove(subscriberId);
            if (subs.isEmpty()) {
                byJob.remove(jobId);
            }
        }
    }

    @Override
    public synchronized Set<String> subscribers(UUID jobId) {
        Set<String> subs = byJob.get(jobId);
        return subs == null ? Set.of() : Set.copyOf(subs);
    }

    @Override
    public synchronized Set<UUID> subscriptions(String subscriberId) {
        Set<UUID> jobs = bySubscriber.get(subscriberId);
        return jobs == null ? Set.of() : Set.copyOf(jobs);
    }
}
