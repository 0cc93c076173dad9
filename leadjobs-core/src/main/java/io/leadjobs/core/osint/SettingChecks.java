package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;

/** Builder duration checks with full-sentence messages (whole numbers: {@link LeadJobsException#requireBetween}). */
final class SettingChecks {

    private SettingChecks() {
    }

    static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw LeadJobsException.invalidSetting(name, "positive", value);
        }
        return value;
    }

    static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw LeadJobsException.invalidSetting(name, "zero or positive", value);
        }
        return value;
    }
}
