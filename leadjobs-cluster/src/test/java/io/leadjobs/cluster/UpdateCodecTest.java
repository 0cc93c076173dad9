package io.leadjobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadjobs.core.CompleteUpdate;
import io.leadjobs.core.ErrorUpdate;
import io.leadjobs.core.Grade;
import io.leadjobs.core.JobStatus;
import io.leadjobs.core.JobSummary;
import io.leadjobs.core.JobUpdate;
import io.leadjobs.core.LogEntry;
import io.leadjobs.core.LogLevel;
import io.leadjobs.core.LogUpdate;
import io.leadjobs.core.ProgressUpdate;
import io.leadjobs.core.StatusUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UpdateCodecTest {
    private static final UUID JOB = UUID.fromString("5f0e7c1a-9a55-4b55-8f1e-2b1d3c4e5f60");

    @Test
    void everyUpdateTypeDecodesToAnEqualRecord() {
        List<JobUpdate> updates = List.of(
                new ProgressUpdate(JOB, 4, 40, 400, 1000),
                new StatusUpdate(JOB, 1, JobStatus.PROCESSING, "Job started"),
                new LogUpdate(JOB, 2, LogEntry.of(LogLevel.ERROR, "row 7 | col 3: bad\\value\r\nnext \0 line ü€😀", Instant.parse("2026-01-05T09:00:00.123456789Z"))),
                new ErrorUpdate(JOB, 9, JobStatus.FAILED, "Database unavailable|retry"),
                new CompleteUpdate(JOB, 10, JobStatus.COMPLETED, new JobSummary(1000, 1000, 990, 120, 3, 61.53333333333333,
                        Map.of(Grade.A, 120, Grade.B, 300, Grade.F, 0))),
                new CompleteUpdate(JOB, 11, JobStatus.COMPLETED, new JobSummary(0, 0, 0, 0, 0, 0.0, Map.of())),
                new StatusUpdate(JOB, 12, JobStatus.CANCELLED, ""));

        for (JobUpdate u : updates) {
            String text = UpdateCodec.encode(u);
            assertThat(text).doesNotContain("\n", "\r", "\0");
            assertThat(UpdateCodec.decode(text)).isEqualTo(u);
        }
    }

    @Test
    void textReadsAsTheDocumentedFields() {
        assertThat(UpdateCodec.encode(new ProgressUpdate(JOB, 4, 40, 400, 1000)))
                .isEqualTo("u1|5f0e7c1a-9a55-4b55-8f1e-2b1d3c4e5f60|4|progress|40|400|1000");
        assertThat(UpdateCodec.encode(new StatusUpdate(JOB, 1, JobStatus.PROCESSING, "a|b")))
                .isEqualTo("u1|5f0e7c1a-9a55-4b55-8f1e-2b1d3c4e5f60|1|status|processing|a\\|b");
    }

    @Test
    void malformedTextIsRejectedNamingWhatIsWrong() {
        assertThatThrownBy(() -> UpdateCodec.decode("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Malformed job update 'hello': it does not start with 'u1|jobId|seq|type'");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|not-a-uuid|1|status|processing|x"))
                .hasMessageContaining("'not-a-uuid' is not a job id");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|x|status|processing|x"))
                .hasMessageContaining("seq 'x' is not an integer");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|1|status|sleeping|x"))
                .hasMessageContaining("'sleeping' is not a job status");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|1|progress|1|2"))
                .hasMessageContaining("a progress update has 7 fields, this one 6");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|1|teleport|x"))
                .hasMessageContaining("unknown update type 'teleport'");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|1|complete|completed|1|1|1|1|0|1.0|Z=1"))
                .hasMessageContaining("'Z' is not a grade");
        assertThatThrownBy(() -> UpdateCodec.decode("u1|" + JOB + "|1|status|processing|x\\"))
                .hasMessageContaining("ends in a lone '\\'");
    }
}
