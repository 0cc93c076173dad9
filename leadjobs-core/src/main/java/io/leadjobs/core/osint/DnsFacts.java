package io.leadjobs.core.osint;

import java.util.List;
import java.util.Optional;

/**
 * What DNS says about one domain. Fields are {@code Optional} where the question could not be answered
 * (SERVFAIL after retries): such a fact is unknown and is not recorded as a signal.
 */
record DnsFacts(
        String status,
        Optional<Boolean> hasMx,
        List<String> mxHosts,
        Optional<String> mailProvider,
        Optional<Boolean> resolves,
        Optional<Boolean> hasSpf,
        Optional<Boolean> hasDmarc,
        Optional<String> dmarcPolicy) {

    static final String OK = "ok";
    static final String NO_DOMAIN = "no_domain";
    static final String FAILED = "failed";
    static final String UNAVAILABLE = "unavailable";

    DnsFacts {
        mxHosts = List.copyOf(mxHosts);
    }

    /** Negative answers (no such domain, no MX, a failed question) are cached for the shorter negative TTL. */
    boolean negative() {
        return !status.equals(OK) || !hasMx.orElse(false) || resolves.isEmpty() || hasSpf.isEmpty() || hasDmarc.isEmpty();
    }
}
