package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdTest {

    @Test
    void readsCanonicalUuidTextInEitherCase() {
        UUID id = UUID.randomUUID();
        assertThat(JobId.parse(id.toString())).contains(id);
        assertThat(JobId.parse(id.toString().toUpperCase())).contains(id);
    }

    @Test
    void refusesWhatUuidFromStringWouldStillAccept() {
        assertThat(JobId.parse("1-2-3-4-5")).isEmpty();
        assertThat(JobId.parse("0000000000-0000-0000-0000-0000000000")).isEmpty();
    }

    @Test
    void refusesTextThatIsNoUuid() {
        assertThat(JobId.parse("")).isEmpty();
        assertThat(JobId.parse("not-a-job-id")).isEmpty();
        assertThat(JobId.parse("3f1c2b9e-8a4d-4c1e-9b7a-2d5e6f70819g")).isEmpty();
        assertThat(JobId.parse(" 3f1c2b9e-8a4d-4c1e-9b7a-2d5e6f708192")).isEmpty();
        assertThat(JobId.parse("3f1c2b9e-8a4d-4c1e-9b7a-2d5e6f708192\n")).isEmpty();
    }
}
