package io.leadjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builders' shared argument checks: the value back when it fits, a sentence naming the setting when not. */
class LeadJobsExceptionTest {

    @Test
    void requireBetweenAcceptsItsBoundsAndNamesTheRangeOtherwise() {
        assertThat(LeadJobsException.requireBetween("threads", 1, 1, 4)).isEqualTo(1);
        assertThat(LeadJobsException.requireBetween("threads", 4, 1, 4)).isEqualTo(4);
        assertThatThrownBy(() -> LeadJobsException.requireBetween("threads", 5, 1, 4))
                .isInstanceOf(LeadJobsException.class).hasMessage("threads must be between 1 and 4, was 5");
    }

    @Test
    void requirePositiveRefusesZeroAndNegativeDurations() {
        assertThat(LeadJobsException.requirePositive("lease", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> LeadJobsException.requirePositive("lease", Duration.ZERO))
                .isInstanceOf(LeadJobsException.class).hasMessage("lease must be positive, was PT0S");
        assertThatThrownBy(() -> LeadJobsException.requirePositive("lease", Duration.ofSeconds(-1)))
                .hasMessage("lease must be positive, was PT-1S");
        assertThatThrownBy(() -> LeadJobsException.requirePositive("lease", null))
                .isInstanceOf(NullPointerException.class).hasMessage("lease");
    }

    @Test
    void requireNotNegativeAcceptsZero() {
        assertThat(LeadJobsException.requireNotNegative("wait", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> LeadJobsException.requireNotNegative("wait", Duration.ofMillis(-1)))
                .isInstanceOf(LeadJobsException.class).hasMessage("wait must be zero or positive, was PT-0.001S");
    }
}
