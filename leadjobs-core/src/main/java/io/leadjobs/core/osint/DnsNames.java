package io.leadjobs.core.osint;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns what a lead says into a DNS name we may query: lower-case ASCII (IDNA), no trailing dot, syntax checked. */
final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private DnsNames() {
    }

    /** A domain of at least two labels ({@code acme.com}), as mail domains are. */
    static Optional<String> normalise(String raw) {
        return normalise(raw, 2);
    }

    /** A host name, single-label intranet names ({@code intranet}, {@code localhost}) included. */
    static Optional<String> normaliseHost(String raw) {
        return normalise(raw, 1);
    }

    private static Optional<String> normalise(String raw, int minLabels) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 253) {
            return Optional.empty();
        }
        try {
            s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] labels = s.split("\\.", -1);
        if (labels.length < minLabels) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }
}
