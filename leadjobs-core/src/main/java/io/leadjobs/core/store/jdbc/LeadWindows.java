package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The most recently read window of leads of a few jobs. A job's leads never change after it was created,
 * so a worker that reads batch after batch is served from one read of {@code prefetch} leads instead of
 * one query per batch. Bounded: at most {@code maxJobs} windows, the least recently used dropped first.
 */
final class LeadWindows {
    private final int maxJobs;
    private final Map<UUID, Window> windows;

    private record Window(int from, int end, List<AcceptedLead> leads) {
        boolean covers(int fromIndex, int count) {
            return fromIndex >= from && (long) fromIndex + count <= end;
        }

        List<AcceptedLead> slice(int fromIndex, int count) {
            int start = Math.min(fromIndex - from, leads.size());
            int stop = (int) Math.min(leads.size(), (long) fromIndex - from + count);
            return leads.subList(start, stop);
        }
    }

    LeadWindows(int maxJobs) {
        this.maxJobs = maxJobs;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Window> eldest) {
                return size() > LeadWindows.this.maxJobs;
            }
        };
    }

    /** The leads {@code fromIndex <= index < fromIndex + count} if the job's window holds them all. */
    synchronized Optional<List<AcceptedLead>> get(UUID jobId, int fromIndex, int count) {
        Window w = windows.get(jobId);
        return w != null && w.covers(fromIndex, count) ? Optional.of(w.slice(fromIndex, count)) : Optional.empty();
    }

    /** Remembers {@code leads}, the result of reading {@code count} leads from {@code fromIndex}. */
    synchronized void put(UUID jobId, int fromIndex, int count, List<AcceptedLead> leads) {
        windows.put(jobId, new Window(fromIndex, (int) Math.min(Integer.MAX_VALUE, (long) fromIndex + count), List.copyOf(leads)));
    }

    synchronized void clear() {
        windows.clear();
    }
}
