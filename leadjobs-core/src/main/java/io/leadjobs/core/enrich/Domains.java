package io.leadjobs.core.enrich;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Domain-name helpers that need no network: the host of a website, syntax checks, and the registrable
 * domain ({@code mail.acme.co.uk} -> {@code acme.co.uk}). The registrable domain is found with a built-in
 * table of common two-level public suffixes rather than the full Public Suffix List; for the rare suffix
 * missing from the table it errs towards the shorter domain.
 */
public final class Domains {
    private static final int MAX_DOMAIN = 253;

    /** Second-level labels under which registrations happen (co.uk, com.au, ...). */
    private static final Set<String> TWO_LEVEL_SUFFIXES = Set.of(
            "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "sch.uk",
            "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
            "co.nz", "org.nz", "net.nz", "ac.nz", "govt.nz",
            "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp",
            "co.kr", "or.kr", "ne.kr", "ac.kr",
            "com.br", "net.br", "org.br", "gov.br",
            "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
            "com.hk", "org.hk", "net.hk", "edu.hk",
            "com.sg", "org.sg", "net.sg", "edu.sg",
            "com.tw", "org.tw", "net.tw", "edu.tw",
            "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "gov.in",
            "com.mx", "org.mx", "net.mx", "gob.mx",
            "com.ar", "org.ar", "net.ar",
            "co.za", "org.za", "net.za", "gov.za", "ac.za",
            "com.tr", "org.tr", "net.tr", "gen.tr",
            "co.il", "org.il", "net.il", "ac.il",
            "com.my", "org.my", "net.my",
            "co.id", "or.id", "web.id", "ac.id",
            "com.ph", "org.ph", "net.ph",
            "com.vn", "net.vn", "org.vn",
            "co.th", "or.th", "in.th", "ac.th",
            "com.pl", "net.pl", "org.pl",
            "com.ua", "org.ua", "net.ua",
            "com.ru", "org.ru", "net.ru",
            "com.es", "org.es", "nom.es",
            "com.pt", "org.pt",
            "co.at", "or.at",
            "com.co", "net.co", "org.co",
            "com.pe", "org.pe",
            "com.sa", "org.sa", "net.sa",
            "com.eg", "org.eg",
            "com.ng", "org.ng",
            "co.ke", "or.ke",
            "com.pk", "org.pk", "net.pk",
            "com.bd", "org.bd",
            "github.io", "herokuapp.com", "blogspot.com", "appspot.com", "netlify.app", "vercel.app",
            "pages.dev", "azurewebsites.net", "cloudfront.net", "wordpress.com", "wixsite.com");

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
        int n = domain.length();
        if (n == 0 || n > MAX_DOMAIN) {
            return false;
        }
        int labels = 0;
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || domain.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63) {
                    return false;
                }
                if (domain.charAt(labelStart) == '-' || domain.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == n && !validTopLevel(domain, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = domain.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return labels >= 2;
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

    /** The registrable domain of a valid host name ({@code eu.mail.acme.co.uk} -> {@code acme.co.uk}). */
    public static String registrableDomain(String host) {
        int last = host.lastIndexOf('.');
        if (last < 0) {
            return host;
        }
        int second = host.lastIndexOf('.', last - 1);
        if (second < 0) {
            return host;
        }
        String suffix = host.substring(second + 1);
        if (TWO_LEVEL_SUFFIXES.contains(suffix)) {
            int third = host.lastIndexOf('.', second - 1);
            return host.substring(third + 1);
        }
        return host.substring(second + 1);
    }
}
