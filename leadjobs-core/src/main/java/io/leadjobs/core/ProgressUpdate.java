package io.leadjobs.core;

import java.util.UUID;

/** {@code { type: 'progress', progress, processedLeads, totalLeads }}. */
public record ProgressUpdate(UUID jobId, long seq, int progress, int processedLeads, int totalLeads) implements JobUpdate {
    @Override
    public String type() {
        return "progress";
    }

    @Override
    public ProgressUpdate withSeq(long s) {
        return new ProgressUpdate(jobId, s, progress, processedLeads, totalLeads);
    }

    @Override
    public boolean droppable() {
        return true;
    }
}
