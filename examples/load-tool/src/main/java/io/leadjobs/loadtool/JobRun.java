package io.leadjobs.loadtool;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One job of a run, as the tool learns about it; written by the run's thread only. */
final class JobRun {
    final int index;
    final String id;
    final int leads;
    /** Epoch milliseconds just before the job was submitted (the replay: before it was started). */
    final double submittedAt;
    /** Epoch milliseconds when the server's answer came (the 202). */
    final double acceptedAt;
    String status = "queued";
    /** The timestamp of the "Started" log entry, epoch ms; NaN until known. */
    double startedLogAt = Double.NaN;
    /** The job's end: the timestamp of the "Job completed" log entry, epoch ms; NaN until known. */
    double endedAt = Double.NaN;
    /** When the tool saw the job end over REST (or the replay server's event), epoch ms; NaN before. */
    double endSeenAt = Double.NaN;
    /** The job's last update number once it has ended (the updates it emitted); -1 until known. */
    long finalSeq = -1;
    String errorMessage = "";
    /** The replay of this job ended at the last recorded update, before its complete (see {@link Replay}). */
    boolean truncated;

    JobRun(int index, String id, int leads, double submittedAt, double acceptedAt) {
        this.index = index;
        this.id = id;
        this.leads = leads;
        this.submittedAt = submittedAt;
        this.acceptedAt = acceptedAt;
    }

    boolean ended() {
        return !Double.isNaN(endSeenAt);
    }

    static double nowMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
    }

    /** An ISO-8601 instant as epoch milliseconds, NaN if it is not one. */
    static double parseInstant(String text) {
        if (text == null || text.isEmpty()) {
            return Double.NaN;
        }
        try {
            Instant at = Instant.parse(text);
            return at.getEpochSecond() * 1000.0 + at.getNano() / 1e6;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
