package io.leadjobs.core.osint;

import io.leadjobs.core.enrich.Domains;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/** Turns what a lead says into a DNS name we may query: lower-case ASCII (IDNA), no trailing dot, syntax checked. */
final class DnsNames {

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
        if (!isAscii(s)) {
            // IDNA leaves ASCII labels as they are, so only a name with other characters needs it; it is the
            // costly part for the ASCII names nearly every lead has
            try {
                s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        boolean valid = Domains.isValidHostName(s) && (minLabels < 2 || s.indexOf('.') > 0);
        return valid ? Optional.of(s) : Optional.empty();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
