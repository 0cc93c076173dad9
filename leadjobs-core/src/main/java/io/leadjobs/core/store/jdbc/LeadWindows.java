package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.spi.JobStore.AcceptedLead;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The most recently read or written window of leads of a few jobs. A job's leads never change after it
 * was created, so a worker that reads batch after batch is served from one read of many leads instead of
 * one query per batch, and a job created by this store is served from the leads it was created with.
 * Bounded: at most {@code maxJobs} windows holding at most {@code maxLeads} leads in all, the least
 * recently used dropped first.
 */
final class LeadWindows {
    private final int maxJobs;
    private final int maxLeads;
    private final LinkedHashMap<UUID, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    private long held;

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

    LeadWindows(int maxJobs, int maxLeads) {
        this.maxJobs = maxJobs;
        this.maxLeads = maxLeads;
    }

    /** The leads {@code fromIndex <= index < fromIndex + count} if the job's window holds them all. */
    synchronized Optional<List<AcceptedLead>> get(UUID jobId, int fromIndex, int count) {
        Window w = windows.get(jobId);
        return w != null && w.covers(fromIndex, count) ? Optional.of(w.slice(fromIndex, count)) : Optional.empty();
    }

    /**
     * Remembers {@code leads}, the result of reading {@code count} leads from {@code fromIndex} (fewer
     * when the job has no more), in place of the job's previous window. A window larger than the whole
     * bound is not kept.
     */
    synchronized void put(UUID jobId, int fromIndex, int count, List<AcceptedLead> leads) {
        if (leads.size() > maxLeads) {
            return;
        }
        Window old = windows.put(jobId, new Window(fromIndex, (int) Math.min(Integer.MAX_VALUE, (long) fromIndex + count), List.copyOf(leads)));
        held += leads.size() - (old == null ? 0 : old.leads.size());
        Iterator<Map.Entry<UUID, Window>> eldest = windows.entrySet().iterator();
        while (windows.size() > maxJobs || held > maxLeads) {
            Window dropped = eldest.next().getValue();
            eldest.remove();
            held -= dropped.leads.size();
        }
    }

    /** Leads held in all windows. */
    synchronized long held() {
        return held;
    }

    synchronized void clear() {
        windows.clear();
        held = 0;
    }
}
