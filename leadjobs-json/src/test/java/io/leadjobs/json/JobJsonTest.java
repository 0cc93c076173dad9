package io.leadjobs.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.Job;
import io.leadjobs.core.JobSnapshot;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden tests: the exact JSON text of every shape. */
class JobJsonTest {

    private static final UUID JOB = UUID.fromString("0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01");
    private static final Instant T = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void writesJobStatusWithTheSeedsFieldsRecentLogsAndSeq() {
        JobSnapshot snapshot = new JobSnapshot(JOB, JobStatus.PROCESSING, 45, 100, 45, 40, 12, Optional.empty(),
                List.of(LogEntry.of(LogLevel.INFO, "Processing batch 1", T),
                        LogEntry.of(LogLevel.WARN, "Lead 7 has no email", T.plusMillis(1234))),
                17);

        assertThat(JobJson.jobStatus(snapshot).toString()).isEqualTo("{"
                + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"status\":\"processing\",\"progress\":45,"
                + "\"total_leads\":100,\"processed_leads\":45,\"enriched_leads\":40,\"high_score_leads\":12,"
                + "\"error_message\":null,"
                + "\"recentLogs\":[{\"level\":\"info\",\"message\":\"Processing batch 1\",\"timestamp\":\"2026-01-15T10:00:00.000Z\"},"
                + "{\"level\":\"warn\",\"message\":\"Lead 7 has no email\",\"timestamp\":\"2026-01-15T10:00:01.234Z\"}],"
                + "\"seq\":17}");
    }

    @Test
    void writesTheErrorMessageOfAFailedJob() {
        JobSnapshot snapshot = new JobSnapshot(JOB, JobStatus.FAILED, 10, 100, 10, 0, 0,
                Optional.of("Enricher crashed"), List.of(), 3);

        assertThat(JobJson.jobStatus(snapshot).toString()).isEqualTo("{"
                + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"status\":\"failed\",\"progress\":10,"
                + "\"total_leads\":100,\"processed_leads\":10,\"enriched_leads\":0,\"high_score_leads\":0,"
                + "\"error_message\":\"Enricher crashed\",\"recentLogs\":[],\"seq\":3}");
    }

    @Test
    void writesAStoredJobInTheJobStatusShapeWithoutLogs() {
        Job job = Job.queued(JOB, "alice", "leads.csv", 20, 2, T).withLastSeq(0);

        assertThat(JobJson.jobStatus(job).toString()).isEqualTo("{"
                + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"status\":\"queued\",\"progress\":0,"
                + "\"total_leads\":20,\"processed_leads\":0,\"enriched_leads\":0,\"high_score_leads\":0,"
                + "\"error_message\":null,\"seq\":0}");
    }

    @Test
    void writesAProgressUpdate() {
        assertThat(JobJson.jobUpdate(new ProgressUpdate(JOB, 5, 50, 50, 100)).toString()).isEqualTo(
                "{\"type\":\"progress\",\"progress\":50,\"processedLeads\":50,\"totalLeads\":100,"
                        + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"seq\":5}");
    }

    @Test
    void writesAStatusUpdate() {
        assertThat(JobJson.jobUpdate(new StatusUpdate(JOB, 1, JobStatus.PROCESSING, "Job started")).toString()).isEqualTo(
                "{\"type\":\"status\",\"status\":\"processing\",\"message\":\"Job started\","
                        + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"seq\":1}");
    }

    @Test
    void writesALogUpdate() {
        LogUpdate update = new LogUpdate(JOB, 2, LogEntry.of(LogLevel.ERROR, "Lead 3: \"bad\" domain", T.plusNanos(999_999)));

        assertThat(JobJson.jobUpdate(update).toString()).isEqualTo(
                "{\"type\":\"log\",\"log\":{\"level\":\"error\",\"message\":\"Lead 3: \\\"bad\\\" domain\","
                        + "\"timestamp\":\"2026-01-15T10:00:00.000Z\"},"
                        + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"seq\":2}");
    }

    @Test
    void writesACompleteUpdateWithResultsAClientCanMergeIntoItsStatus() {
        JobSummary summary = new JobSummary(100, 100, 80, 25, 3, 61.4567, Map.of(Grade.A, 10, Grade.B, 15, Grade.F, 5));

        assertThat(JobJson.jobUpdate(new CompleteUpdate(JOB, 42, JobStatus.COMPLETED, summary)).toString()).isEqualTo(
                "{\"type\":\"complete\",\"status\":\"completed\",\"results\":{"
                        + "\"total_leads\":100,\"processed_leads\":100,\"enriched_leads\":80,\"high_score_leads\":25,"
                        + "\"rejected_leads\":3,\"average_score\":61.46,"
                        + "\"grades\":{\"A\":10,\"B\":15,\"C\":0,\"D\":0,\"E\":0,\"F\":5},\"progress\":100},"
                        + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"seq\":42}");
    }

    @Test
    void writesAnErrorUpdate() {
        assertThat(JobJson.jobUpdate(new ErrorUpdate(JOB, 9, JobStatus.FAILED, "Database unavailable")).toString()).isEqualTo(
                "{\"type\":\"error\",\"status\":\"failed\",\"error\":\"Database unavailable\","
                        + "\"jobId\":\"0b6f3c1e-8a52-4d8e-9a3f-2c1d5e7f9a01\",\"seq\":9}");
    }

    @Test
    void writesTheErrorEventPayload() {
        assertThat(JobJson.error("Job not found").toString()).isEqualTo("{\"message\":\"Job not found\"}");
    }
}
