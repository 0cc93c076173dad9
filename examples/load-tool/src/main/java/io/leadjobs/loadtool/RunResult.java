package io.leadjobs.loadtool;

import java.util.List;
import java.util.Map;

/**
 * The figures of one measured run, as printed and as written to {@code --json}. A {@code null} figure could
 * not be measured (no pid, a job that never ended).
 */
record RunResult(
        String server,
        String url,
        String transport,
        Clients clients,
        List<JobFigures> jobs,
        Deliveries deliveries,
        Latency logLatency,
        Latency batchLogLatency,
        Tail batchLogTail,
        Completion completion,
        SeqFigures seq,
        FanOutFigures serverFanOut,
        Map<String, Long> disconnects,
        int disconnectsBeforeComplete,
        Map<String, Long> errorEvents,
        ServerFigures serverProcess,
        ClientFigures clientProcesses,
        List<String> problems) {

    /** @param endedBeforeSubscribing clients whose job-status already said the job had ended */
    record Clients(int requested, int connected, int connectFailed, Map<String, Long> connectErrors, double connectSeconds,
                   int subscribed, int subscribeRefused, int subscribeUnanswered, Map<String, Long> ackAnswers,
                   int endedBeforeSubscribing) {
    }

    /**
     * @param updatesEmitted      the job's last seq: how many updates it published
     * @param receivedByType      the updates one client received, by type (from its job-status on)
     * @param submitToEndSeconds  from the submission to the job's end (its "Job completed" log entry)
     * @param startedToEndSeconds from its "Started" log entry to its end, where the clients saw the former
     * @param endSeenAfterSeconds from the submission to when the tool saw the end over REST (or the replay's event)
     * @param deliveredPercent    updates the subscribers received, of those published after their job-status
     */
    record JobFigures(String jobId, int leads, String status, String errorMessage, Long updatesEmitted,
                      Map<String, Long> receivedByType, Double submitToEndSeconds, Double startedToEndSeconds,
                      Double endSeenAfterSeconds, String endedAt, int subscribers, Double deliveredPercent,
                      Completion completion) {
    }

    record Deliveries(long total, double seconds, double perSecond) {
    }

    /**
     * Log updates, their entry's timestamp to receipt: {@code logLatency} all of them, {@code batchLogLatency} those
     * the job writes as it stores a batch or changes state ("Started", "Scored", "Job completed"), whose
     * timestamp is within a commit of their publication (an enricher's warning is written when its lead is
     * enriched, which may be long before).
     */
    record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs, long negative) {
    }

    /**
     * Which updates the tail of {@code batchLogLatency} is made of: each update (a job's log entry with its seq) as
     * all its subscribers received it.
     *
     * @param samples entries counted by update (batchLogLatency's count, when every process reported them)
     * @param updates distinct updates among them
     * @param slowest the updates with the most entries past the run's p99, then the highest p50; at most three
     */
    record Tail(long samples, int updates, double p99Ms, List<TailUpdate> slowest) {
    }

    /**
     * @param job     the job's number in the run, from 1, in the order they were submitted
     * @param message the entry, cut to 60 characters (the last one then an ellipsis)
     * @param samples subscribers that received it (entries counted)
     * @param pastP99 of those, the ones slower than the run's p99 (in a higher histogram bucket than the p99's)
     */
    record TailUpdate(int job, String jobId, long seq, String message, long samples, long pastP99, double p50Ms,
                      double maxMs) {
    }

    /**
     * Clients' terminal update ({@code complete}, or {@code error} for a failed job) relative to their job's end.
     *
     * @param clients     subscribers, less those whose job-status already said the job had ended
     * @param atAll       subscribers that got it within --complete-wait of the job's end
     * @param endToLastMs from the job's end to the last subscriber's complete
     * @param endToP99Ms  the 99th percentile of that over the subscribers that got it
     */
    record Completion(int clients, int within1s, int within2s, int atAll, Double endToLastMs, Double endToP99Ms) {
    }

    /**
     * @param irregularUpdates updates whose seq was not the previous one's + 1 (from the job-status's seq)
     * @param ahead            of those, updates that skipped numbers
     * @param behind           of those, duplicates or updates older than one already received
     * @param skippedNumbers   seq numbers jumped over in all
     * @param dropNotices      log updates telling a client that entries were dropped because it fell behind (each
     *                         takes the seq of the last one dropped, so the client sees the numbers before it skipped)
     * @param droppedLogEntries the entries those notices counted
     */
    record SeqFigures(long irregularUpdates, long ahead, long behind, long skippedNumbers, int clientsAffected,
                      long updatesBeforeStatus, long repeatedStatuses, long dropNotices, long droppedLogEntries) {
    }

    /**
     * What the leadjobs server's own counters ({@code /metrics}) say its fan-out did while delivery fell behind, from
     * the jobs' submission to the end of the wait; {@code null} for a server without them.
     *
     * @param progressCoalesced progress updates a fan-out shard replaced by a newer one of their job
     * @param updatesDropped    updates a fan-out shard did not send (their clients got a fresh job-status instead)
     */
    record FanOutFigures(long progressCoalesced, long updatesDropped) {
    }

    /**
     * CPU from just before the jobs were submitted to the end of the wait for completes.
     *
     * @param heapPerConnectionKiB heap after connecting minus before, per connected client
     */
    record ServerFigures(Long pid, Double cpuSeconds, double wallSeconds, Double cores, Double peakRssMiB,
                         Double heapBeforeMiB, Double heapAfterMiB, int connections, Double heapPerConnectionKiB,
                         String heapMethod, List<ProcessStats.ThreadGroupCpu> threads) {
    }

    record ClientFigures(int processes, double cpuSeconds, double cores, Double peakRssMiB) {
    }
}
