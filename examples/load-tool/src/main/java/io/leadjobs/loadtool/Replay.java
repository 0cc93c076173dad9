package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The update streams of the leadjobs run, for {@code node-server.mjs} to send again: per job, the longest
 * recording any client process made (its first client on the job keeps every update it received, from its
 * {@code job-status} on), each update at the time the leadjobs server published it, relative to the job's
 * submission. The log entries a job writes as it stores a batch or changes state ({@code Started}, {@code Scored},
 * {@code Resumed}, {@code Job ...} and failures: see {@link #writtenAtPublish}) carry that time; every other update
 * takes the time of the next such entry of the same job, else the previous one: progress, status and complete
 * updates, and an enricher's warning, which is written when its lead is enriched but published with the report of
 * its batch, all go out together after the batch is stored. The times never go backwards, so the order is the
 * recorded one. Each log entry also keeps its own time ({@link Entry#stampAt()}), which the Node server puts in the
 * entry as it sends it, so that the wait of a warning for its report counts in both servers' latency.
 *
 * A recording stops where the tool stopped waiting: if the leadjobs clients had not received a job's end by then,
 * its replay ends at its last recorded update ({@link Job#truncated()}).
 *
 * @param jobs one per job of the run, in its order
 */
record Replay(List<Job> jobs) {

    /**
     * @param status   the job-status the recording client got (the replay's state when it starts)
     * @param submittedAt when the leadjobs run submitted it, epoch ms: the status's log timestamps are moved by
     *                    the replay's start minus this
     * @param finalSeq    the last update's number
     * @param truncated   the recording stops before the job's complete (or error)
     */
    record Job(String jobId, int leads, double submittedAt, long finalSeq, JsonNode status, List<Entry> updates,
               boolean truncated) {
    }

    /**
     * @param at      when to send it, milliseconds after the replay's start
     * @param stampAt for a log entry, the time it was made, on the same scale (NaN for other updates)
     */
    record Entry(double at, double stampAt, JsonNode update) {
    }

    private static final Pattern WRITTEN_AT_PUBLISH = Pattern.compile("^(Started|Scored|Resumed|Job )");

    /**
     * Whether leadjobs writes this log update as it publishes it (stores a batch's report or changes the job's
     * state), so that its timestamp is its publication time: the entries {@code clients.mjs} times in its second
     * latency line, and a failure's error entry.
     */
    static boolean writtenAtPublish(JsonNode update) {
        JsonNode log = update.path("log");
        return "log".equals(update.path("type").asText())
                && (WRITTEN_AT_PUBLISH.matcher(log.path("message").asText()).find() || "error".equals(log.path("level").asText()));
    }

    Optional<Job> job(String jobId) {
        return jobs.stream().filter(job -> job.jobId().equals(jobId)).findFirst();
    }

    /** From the client processes' {@code recordings} events. */
    static Replay of(List<JobRun> runs, List<JsonNode> recordings) {
        List<Job> jobs = new ArrayList<>();
        for (JobRun run : runs) {
            JsonNode best = null;
            for (JsonNode recording : recordings) {
                JsonNode recorder = recording.path("jobs").path(run.index);
                if (recorder.path("updates").isArray()
                        && (best == null || recorder.path("updates").size() > best.path("updates").size())) {
                    best = recorder;
                }
            }
            if (best == null) {
                throw new LoadToolException("No client recorded the updates of job " + run.id + "; nothing to replay");
            }
            List<Entry> updates = schedule(run, best.path("updates"));
            String last = updates.isEmpty() ? "" : updates.get(updates.size() - 1).update().path("type").asText();
            jobs.add(new Job(run.id, run.leads, run.submittedAt, run.finalSeq, status(run, best), updates,
                    !last.equals("complete") && !last.equals("error")));
        }
        return new Replay(jobs);
    }

    private static JsonNode status(JobRun run, JsonNode recorder) {
        if (recorder.path("status").isObject()) {
            return recorder.path("status");
        }
        ObjectNode status = JsonLinesProcess.JSON.createObjectNode();
        status.put("jobId", run.id).put("status", "queued").put("progress", 0).put("total_leads", run.leads)
                .put("processed_leads", 0).put("enriched_leads", 0).put("high_score_leads", 0).putNull("error_message")
                .put("seq", 0);
        status.putArray("recentLogs");
        return status;
    }

    private static List<Entry> schedule(JobRun run, JsonNode recorded) {
        int n = recorded.size();
        double[] published = new double[n];
        double[] stamped = new double[n];
        boolean[] anchor = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode update = recorded.get(i).get(1);
            boolean log = "log".equals(update.path("type").asText());
            stamped[i] = log ? JobRun.parseInstant(update.path("log").path("timestamp").asText()) : Double.NaN;
            anchor[i] = writtenAtPublish(update);
            published[i] = anchor[i] ? stamped[i] : Double.NaN;
        }
        double carry = Double.NaN;
        for (int i = n - 1; i >= 0; i--) {
            if (anchor[i]) {
                carry = published[i];
            } else {
                published[i] = carry;
            }
        }
        carry = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(published[i])) {
                published[i] = Double.isNaN(carry) ? recorded.get(i).get(0).asDouble() : carry;
            }
            carry = published[i];
        }
        List<Entry> entries = new ArrayList<>(n);
        double last = 0;
        for (int i = 0; i < n; i++) {
            last = Math.max(last, published[i] - run.submittedAt);
            entries.add(new Entry(last, stamped[i] - run.submittedAt, recorded.get(i).get(1)));
        }
        return entries;
    }

    void write(Path file) {
        ObjectNode root = JsonLinesProcess.JSON.createObjectNode();
        ArrayNode array = root.putArray("jobs");
        for (Job job : jobs) {
            ObjectNode node = array.addObject();
            node.put("jobId", job.jobId());
            node.put("submittedAt", job.submittedAt());
            node.set("status", job.status());
            ArrayNode updates = node.putArray("updates");
            for (Entry entry : job.updates()) {
                ObjectNode u = updates.addObject().put("at", Math.round(entry.at() * 1000) / 1000.0);
                if (!Double.isNaN(entry.stampAt())) {
                    u.put("stampAt", Math.round(entry.stampAt() * 1000) / 1000.0);
                }
                u.set("update", entry.update());
            }
        }
        try {
            JsonLinesProcess.JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new LoadToolException("Could not write the replay file " + file + ": " + e.getMessage(), e);
        }
    }
}
