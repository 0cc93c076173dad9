package io.leadjobs.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cadence of one job's progress reports: which committed leads are not reported yet, when they are
 * due, and the updates that report them (see {@link BatchScoringProcessor} for the cadence). Used by the
 * job's worker thread only.
 */
final class ProgressReports {
    private final UUID jobId;
    private final int totalLeads;
    private final long intervalMillis;
    private final Clock clock;
    /** Leads committed but not reported to watchers yet. */
    private Unreported unreported = Unreported.NONE;
    private long lastReportMillis;
    private boolean reportedOnce;

    ProgressReports(UUID jobId, int totalLeads, long intervalMillis, Clock clock) {
        this.jobId = jobId;
        this.totalLeads = totalLeads;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** The leads committed but not reported yet. */
    Unreported unreported() {
        return unreported;
    }

    /** Records what is owed once the commit that stored the reports made so far succeeded. */
    void committed(Unreported owed) {
        unreported = owed;
    }

    /** Whether every batch is reported on its own, as it is committed (an interval of zero). */
    boolean everyBatch() {
        return intervalMillis == 0;
    }

    /** When the leads committed but not reported yet are due to be reported, in the clock's milliseconds. */
    long due() {
        return reportedOnce ? lastReportMillis + intervalMillis : Long.MIN_VALUE;
    }

    /** Whether a report is due now. */
    boolean isDue() {
        return clock.millis() >= due();
    }

    /**
     * Appends the updates reporting {@code owed} to {@code updates}, numbered after the last one there (or
     * after {@code seq}): a progress update, the enrichers' log entries, one log entry for the leads scored.
     * Returns what is then still owed: nothing.
     */
    Unreported report(Unreported owed, List<JobUpdate> updates, long seq) {
        long n = lastSeq(updates, seq);
        updates.add(new ProgressUpdate(jobId, ++n, progress(owed.to(), totalLeads), owed.to(), totalLeads));
        for (LogEntry l : owed.logs()) {
            updates.add(new LogUpdate(jobId, ++n, l));
        }
        updates.add(new LogUpdate(jobId, ++n, LogEntry.of(LogLevel.INFO, "Scored leads " + (owed.from() + 1) + "-"
                + owed.to() + " of " + totalLeads + ": " + owed.high() + " high score", clock.instant())));
        lastReportMillis = clock.millis();
        reportedOnce = true;
        return Unreported.NONE;
    }

    /** The sequence number of the last of {@code updates}, or {@code seq} when there are none. */
    static long lastSeq(List<JobUpdate> updates, long seq) {
        return updates.isEmpty() ? seq : updates.get(updates.size() - 1).seq();
    }

    /** The log entries among {@code updates}, in order: what a commit stores with them. */
    static List<LogEntry> logsOf(List<JobUpdate> updates) {
        List<LogEntry> logs = new ArrayList<>();
        for (JobUpdate u : updates) {
            if (u instanceof LogUpdate l) {
                logs.add(l.log());
            }
        }
        return logs;
    }

    /** The integer percentage of a processing job, as {@link Job#progress()} gives it. */
    private static int progress(int processed, int total) {
        return total == 0 ? 0 : (int) Math.min(100, processed * 100L / total);
    }

    /**
     * Leads committed but not reported yet: leads {@code from + 1} to {@code to} (1-based), their high-score
     * count and the enrichers' log entries of their batches. Immutable.
     */
    record Unreported(int from, int to, int high, List<LogEntry> logs) {
        static final Unreported NONE = new Unreported(-1, -1, 0, List.of());

        boolean isEmpty() {
            return from < 0;
        }

        Unreported plus(int batchFrom, int batchTo, int batchHigh, List<LogEntry> batchLogs) {
            List<LogEntry> all = logs;
            if (!batchLogs.isEmpty()) {
                all = new ArrayList<>(logs);
                all.addAll(batchLogs);
            }
            return new Unreported(isEmpty() ? batchFrom : from, batchTo, high + batchHigh, List.copyOf(all));
        }
    }
}
