package io.leadjobs.loadtool;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the client processes' reports and the jobs' state into a run's figures. */
final class Figures {

    private Figures() {
    }

    /** The job's end in epoch ms: its "Job completed" log entry, else when the tool saw it end; NaN if it never did. */
    static double end(JobRun job) {
        return Double.isNaN(job.endedAt) ? job.endSeenAt : job.endedAt;
    }

    static RunResult.Clients clients(int requested, NodeClients.Connected connected, List<JsonNode> reports) {
        int subscribed = 0;
        int asked = 0;
        int acked = 0;
        int ended = 0;
        for (JsonNode report : reports) {
            asked += report.path("subscribeAsked").asInt();
            acked += report.path("acked").asInt();
            for (JsonNode job : report.path("jobs")) {
                subscribed += job.path("subscribed").asInt();
                ended += job.path("endedAtStatus").asInt();
            }
        }
        return new RunResult.Clients(requested, connected.connected(), connected.failed(), connected.errors(),
                round(connected.seconds(), 1), subscribed, acked - subscribed, asked - acked, tally(reports, "ackAnswers"), ended);
    }

    static List<RunResult.JobFigures> jobs(List<JobRun> jobs, List<JsonNode> reports, double waitMillis) {
        List<RunResult.JobFigures> figures = new ArrayList<>();
        for (JobRun job : jobs) {
            int subscribers = 0;
            double statusSeqSum = 0;
            long received = 0;
            double startedLogAt = job.startedLogAt;
            Map<String, Long> byType = new TreeMap<>();
            long mostReceived = -1;
            for (JsonNode report : reports) {
                JsonNode mine = report.path("jobs").path(job.index);
                subscribers += mine.path("subscribed").asInt();
                statusSeqSum += mine.path("statusSeqSum").asDouble();
                received += mine.path("received").asLong();
                JsonNode recorder = mine.path("recorder");
                long sum = 0;
                for (JsonNode count : recorder.path("byType")) {
                    sum += count.asLong();
                }
                if (recorder.isObject() && sum > mostReceived) {
                    mostReceived = sum;
                    byType.clear();
                    recorder.path("byType").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asLong()));
                }
                double started = JobRun.parseInstant(recorder.path("startedLogAt").asText(null));
                if (!Double.isNaN(started) && (Double.isNaN(startedLogAt) || started < startedLogAt)) {
                    startedLogAt = started;
                }
            }
            double end = end(job);
            Double expected = job.finalSeq < 0 ? null : subscribers * (double) job.finalSeq - statusSeqSum;
            figures.add(new RunResult.JobFigures(job.id, job.leads, job.status, job.errorMessage,
                    job.finalSeq < 0 ? null : job.finalSeq, byType,
                    seconds(end - job.submittedAt), seconds(end - startedLogAt), seconds(job.endSeenAt - job.submittedAt),
                    Double.isNaN(end) ? null : Instant.ofEpochMilli((long) end).toString(), subscribers,
                    expected == null || expected <= 0 ? null : round(100.0 * received / expected, 2),
                    completion(List.of(job), reports, waitMillis)));
        }
        return figures;
    }

    /**
     * Completion of the given jobs' subscribers, relative to each one's job's end; a terminal update later than
     * {@code waitMillis} after its job's end (the reports are taken a little after the wait) does not count.
     */
    static RunResult.Completion completion(List<JobRun> jobs, List<JsonNode> reports, double waitMillis) {
        int clients = 0;
        List<Double> delays = new ArrayList<>();
        for (JobRun job : jobs) {
            double end = end(job);
            for (JsonNode report : reports) {
                JsonNode mine = report.path("jobs").path(job.index);
                clients += mine.path("subscribed").asInt() - mine.path("endedAtStatus").asInt();
                for (JsonNode at : mine.path("completes")) {
                    double delay = at.asDouble() - end;
                    if (Double.isNaN(delay) || delay <= waitMillis) {
                        delays.add(delay);
                    }
                }
            }
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int within1s = (int) Arrays.stream(sorted).filter(d -> d <= 1000).count();
        int within2s = (int) Arrays.stream(sorted).filter(d -> d <= 2000).count();
        Double last = sorted.length == 0 ? null : round(sorted[sorted.length - 1], 1);
        Double p99 = sorted.length == 0 ? null : round(sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)], 1);
        return new RunResult.Completion(clients, within1s, within2s, delays.size(), last, p99);
    }

    static RunResult.Deliveries deliveries(List<JobRun> jobs, List<JsonNode> reports) {
        long total = 0;
        double last = Double.NaN;
        for (JsonNode report : reports) {
            total += report.path("deliveries").asLong();
            double at = report.path("lastDeliveryAt").asDouble(Double.NaN);
            if (!Double.isNaN(at) && (Double.isNaN(last) || at > last)) {
                last = at;
            }
        }
        double start = jobs.stream().mapToDouble(j -> j.submittedAt).min().orElse(Double.NaN);
        double seconds = Double.isNaN(last) ? 0 : (last - start) / 1000.0;
        return new RunResult.Deliveries(total, round(seconds, 2), seconds <= 0 ? 0 : Math.round(total / seconds));
    }

    /** The latency histogram {@code field} ({@code latency} or {@code batchLatency}) of every report, added up. */
    static RunResult.Latency latency(List<JsonNode> reports, String field) {
        LogLinearHistogram histogram = new LogLinearHistogram();
        long negative = 0;
        for (JsonNode report : reports) {
            JsonNode latency = report.path(field);
            histogram.add(latency.path("buckets"), latency.path("maxMicros").asLong());
            negative += latency.path("negative").asLong();
        }
        return new RunResult.Latency(histogram.count(), round(histogram.percentileMillis(50), 2),
                round(histogram.percentileMillis(99), 2), round(histogram.percentileMillis(99.9), 2),
                round(histogram.maxMillis(), 2), negative);
    }

    /**
     * Where the tail of the {@code batchLatency} entries is: every process's histograms by update
     * ({@code batchLatencyByUpdate}: job index, seq, message, buckets) added up per update, and the updates with the
     * most entries past the run's p99.
     */
    static RunResult.Tail tail(List<JsonNode> reports, List<JobRun> jobs) {
        Map<String, UpdateLatency> byUpdate = new LinkedHashMap<>();
        LogLinearHistogram all = new LogLinearHistogram();
        for (JsonNode report : reports) {
            for (JsonNode u : report.path("batchLatencyByUpdate")) {
                int job = u.path("job").asInt();
                long seq = u.path("seq").asLong();
                UpdateLatency update = byUpdate.computeIfAbsent(job + "/" + seq,
                        k -> new UpdateLatency(job, seq, u.path("message").asText()));
                update.histogram.add(u.path("buckets"), u.path("maxMicros").asLong());
                all.add(u.path("buckets"), u.path("maxMicros").asLong());
            }
        }
        int p99Bucket = all.percentileBucket(99);
        List<RunResult.TailUpdate> ranked = new ArrayList<>();
        for (UpdateLatency u : byUpdate.values()) {
            String jobId = u.job >= 0 && u.job < jobs.size() ? jobs.get(u.job).id : "";
            ranked.add(new RunResult.TailUpdate(u.job + 1, jobId, u.seq, u.message, u.histogram.count(),
                    u.histogram.countAbove(p99Bucket), round(u.histogram.percentileMillis(50), 1),
                    round(u.histogram.maxMillis(), 1)));
        }
        ranked.sort(Comparator.comparingLong(RunResult.TailUpdate::pastP99).reversed()
                .thenComparing(Comparator.comparingDouble(RunResult.TailUpdate::p50Ms).reversed()));
        return new RunResult.Tail(all.count(), byUpdate.size(), round(all.percentileMillis(99), 2),
                List.copyOf(ranked.subList(0, Math.min(3, ranked.size()))));
    }

    private static final class UpdateLatency {
        final int job;
        final long seq;
        final String message;
        final LogLinearHistogram histogram = new LogLinearHistogram();

        UpdateLatency(int job, long seq, String message) {
            this.job = job;
            this.seq = seq;
            this.message = message;
        }
    }

    static RunResult.SeqFigures seq(List<JsonNode> reports) {
        long ahead = 0;
        long behind = 0;
        long skipped = 0;
        int clients = 0;
        long before = 0;
        long repeated = 0;
        long notices = 0;
        long dropped = 0;
        for (JsonNode report : reports) {
            JsonNode seq = report.path("seq");
            notices += seq.path("dropNotices").asLong();
            dropped += seq.path("droppedLogEntries").asLong();
            ahead += seq.path("irregularAhead").asLong();
            behind += seq.path("irregularBehind").asLong();
            skipped += seq.path("skippedNumbers").asLong();
            clients += seq.path("clientsAffected").asInt();
            before += report.path("updatesBeforeStatus").asLong();
            repeated += report.path("repeatedStatuses").asLong();
        }
        return new RunResult.SeqFigures(ahead + behind, ahead, behind, skipped, clients, before, repeated, notices, dropped);
    }

    static Map<String, Long> tally(List<JsonNode> reports, String field) {
        Map<String, Long> sum = new TreeMap<>();
        for (JsonNode report : reports) {
            report.path(field).fields().forEachRemaining(e -> sum.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        return sum;
    }

    static int sum(List<JsonNode> reports, String field) {
        return reports.stream().mapToInt(r -> r.path(field).asInt()).sum();
    }

    static Double seconds(double millis) {
        return Double.isNaN(millis) ? null : round(millis / 1000.0, 2);
    }

    static Double mib(long bytes) {
        return round(bytes / 1048576.0, 1);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
