package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.time.Duration;
import java.util.Objects;

/** Builder argument checks with full-sentence messages. */
final class Check {

    private Check() {
    }

    static int between(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw LeadJobsException.invalidSetting(name, "between " + min + " and " + max, value);
        }
        return value;
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
