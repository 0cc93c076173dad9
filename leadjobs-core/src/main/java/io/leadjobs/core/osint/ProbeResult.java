package io.leadjobs.core.osint;

import java.util.List;
import java.util.Optional;

/** What probing one site found; {@code error} is set when no page was read. */
record ProbeResult(
        Optional<Boolean> reachable,
        Optional<Integer> status,
        Optional<String> finalUrl,
        Optional<Boolean> https,
        Optional<String> title,
        Optional<String> description,
        Optional<String> error,
        int bodyBytes,
        Optional<Boolean> parked,
        List<String> socialProfiles) {

    static ProbeResult failure(String error, boolean knownUnreachable) {
        return new ProbeResult(knownUnreachable ? Optional.of(false) : Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(error), 0,
                Optional.empty(), List.of());
    }

    /** Anything but a reachable site is kept for the shorter negative TTL. */
    boolean negative() {
        return !reachable.orElse(false);
    }
}
