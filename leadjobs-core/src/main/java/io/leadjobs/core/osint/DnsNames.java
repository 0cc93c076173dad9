package io.leadjobs.core.osint;

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
        return hasValidLabels(s, minLabels) ? Optional.of(s) : Optional.empty();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * At least {@code minLabels} labels, each of 1 to 63 lower-case letters, digits and hyphens, neither starting
     * nor ending with a hyphen.
     */
    private static boolean hasValidLabels(String s, int minLabels) {
        int labels = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int length = i - start;
                if (length < 1 || length > 63 || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                start = i + 1;
            } else {
                char c = s.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return labels >= minLabels;
    }
}
