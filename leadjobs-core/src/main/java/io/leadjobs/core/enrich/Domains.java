package io.leadjobs.core.enrich;

import java.util.Locale;
import java.util.Optional;

/**
 * Domain-name helpers that need no network: the host of a website, syntax checks, and the registrable
 * domain ({@code mail.acme.co.uk} -> {@code acme.co.uk}, {@code shop.acme.github.io} -> {@code acme.github.io}),
 * read from the Public Suffix List shipped in this module's resources ({@code public_suffix_list.dat}, MPL 2.0;
 * see {@code public_suffix_list.NOTICE.txt} beside it), its ICANN and private sections both.
 */
public final class Domains {
    private static final int MAX_DOMAIN = 253;

    private Domains() {
    }

    /**
     * The host name of a website such as {@code https://www.Acme.com/about}: lower-cased, without
     * scheme, port, path or a leading {@code www.}; empty if no valid domain name is found.
     */
    public static Optional<String> hostOf(String website) {
        String s = website.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        } else if (s.startsWith("//")) {
            s = s.substring(2);
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        s = s.substring(0, end);
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("www.")) {
            s = s.substring(4);
        }
        return isValidDomain(s) ? Optional.of(s) : Optional.empty();
    }

    /**
     * Whether {@code domain} is a syntactically valid, lower-case, fully qualified host name of at least
     * two labels with an alphabetic (or IDN {@code xn--}) top-level label.
     */
    public static boolean isValidDomain(String domain) {
        return validLabels(domain) >= 2 && validTopLevel(domain, domain.lastIndexOf('.') + 1, domain.length());
    }

    /**
     * Whether {@code name} is a syntactically valid, lower-case host name of any number of labels
     * ({@code intranet}, {@code mail.acme.com}): at most 253 characters, each label 1 to 63 ASCII letters, digits
     * and hyphens, neither starting nor ending with a hyphen.
     */
    public static boolean isValidHostName(String name) {
        return validLabels(name) > 0;
    }

    /** How many labels {@code name} has if it is a valid host name ({@link #isValidHostName}), else 0. */
    private static int validLabels(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_DOMAIN) {
            return 0;
        }
        int labels = 0;
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || name.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return 0;
                }
                labels++;
                labelStart = i + 1;
            } else {
                char c = name.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return 0;
                }
            }
        }
        return labels;
    }

    private static boolean validTopLevel(String d, int from, int to) {
        if (d.startsWith("xn--", from)) {
            return to - from > 4;
        }
        if (to - from < 2) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = d.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /**
     * The registrable domain of a valid host name ({@code eu.mail.acme.co.uk} -> {@code acme.co.uk}): the
     * public suffix and one label before it. A host that is itself a public suffix ({@code co.uk},
     * {@code github.io}) or is under no rule of the list ({@code intranet.local}: the list's implicit {@code *}
     * rule is not applied) is returned as it is.
     */
    public static String registrableDomain(String host) {
        PublicSuffixList list = PublicSuffixList.shipped();
        if (!list.hasListedSuffix(host)) {
            return host;
        }
        return list.registrableDomain(host).orElse(host);
    }

    /**
     * Whether {@code domain} ends in a suffix a rule of the Public Suffix List names (not the implicit {@code *}
     * rule) without being a public suffix itself: {@code gmail.com} and {@code acme.co.uk} are, {@code co.uk} and
     * {@code acme.internal} are not.
     */
    static boolean isUnderPublicSuffix(String domain) {
        PublicSuffixList list = PublicSuffixList.shipped();
        return list.hasListedSuffix(domain) && list.registrableDomain(domain).isPresent();
    }
}
