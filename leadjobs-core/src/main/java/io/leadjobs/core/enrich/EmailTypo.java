package io.leadjobs.core.enrich;

import io.leadjobs.core.Lead;
import io.leadjobs.core.spi.EnrichmentContext;
import io.leadjobs.core.spi.LeadEnricher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Records {@code email_suggestion}, the whole address as it was probably meant, when the email's domain
 * looks like a mistyped free-mail domain ({@code gmial.com}, {@code yaho.co}, {@code hotmial.con}) or ends
 * in a mistyped top-level domain that exists nowhere ({@code acme.con}, {@code acme.cmo}). Edit distance
 * (insertions, deletions, substitutions and swapped neighbours, each counting one) against the free-mail
 * list and common top-level domains. The address itself is never changed: the suggestion is a signal.
 */
final class EmailTypo implements LeadEnricher {

    /** Top-level domains a typo most likely meant, most common first (ties go to the earlier one). */
    static final List<String> COMMON_TLDS = List.of(
            "com", "net", "org", "de", "co.uk", "io", "fr", "nl", "it", "es", "ca", "com.au", "ch", "at", "be",
            "se", "dk", "no", "fi", "pl", "ru", "jp", "cn", "in", "br", "edu", "gov", "info", "biz", "co", "us", "eu");

    /** The single-label TLDs of {@link #COMMON_TLDS}: a domain ending in one of them has no TLD typo to fix. */
    private static final Set<String> COMMON_TLD_LABELS = COMMON_TLDS.stream().filter(t -> t.indexOf('.') < 0)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final int BUCKETS = 37;

    private final Set<String> providers;
    private final List<String> ordered;
    private final int[][] counts;

    EmailTypo(Set<String> providers) {
        this.providers = Set.copyOf(providers);
        List<String> sorted = new ArrayList<>(providers);
        // ties between equally close providers go to a .com, then to the alphabetically first
        sorted.sort(Comparator.comparing((String p) -> !p.endsWith(".com")).thenComparing(Comparator.naturalOrder()));
        this.ordered = List.copyOf(sorted);
        this.counts = new int[ordered.size()][];
        for (int i = 0; i < ordered.size(); i++) {
            counts[i] = counts(ordered.get(i));
        }
    }

    /** How often each letter, digit and other character occurs. */
    private static int[] counts(String s) {
        int[] c = new int[BUCKETS];
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            c[ch >= 'a' && ch <= 'z' ? ch - 'a' : ch >= '0' && ch <= '9' ? 26 + ch - '0' : 36]++;
        }
        return c;
    }

    /**
     * A lower bound of the edit distance, cheap to compute: each edit changes the character counts by at most
     * two (a swap of neighbours by none), so half the counts' difference, rounded up, never exceeds it.
     */
    private static boolean countsWithin(int[] a, int[] b, int edits) {
        int diff = 0;
        for (int i = 0; i < BUCKETS; i++) {
            diff += Math.abs(a[i] - b[i]);
            if (diff > 2 * edits) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "email-typo";
    }

    @Override
    public void enrich(Lead lead, EnrichmentContext ctx) {
        Optional<String> domain = ctx.get(Signals.EMAIL_DOMAIN);
        if (domain.isEmpty()) {
            return;
        }
        suggestDomain(domain.get()).ifPresent(d -> {
            String email = lead.email().strip();
            int at = email.lastIndexOf('@');
            if (at > 0) {
                ctx.put(Signals.EMAIL_SUGGESTION, email.substring(0, at) + "@" + d);
            }
        });
    }

    /** The domain probably meant, or empty when {@code domain} looks as intended. */
    Optional<String> suggestDomain(String typed) {
        String domain = typed.toLowerCase(Locale.ROOT);
        if (providers.contains(domain)) {
            return Optional.empty();
        }
        Optional<String> provider = closestProvider(domain);
        if (provider.isPresent()) {
            return provider;
        }
        return fixedTld(domain);
    }

    private Optional<String> closestProvider(String domain) {
        String sld = secondLevel(domain);
        String best = null;
        int bestDistance = 3;
        int[] mine = counts(domain);
        for (int i = 0; i < ordered.size(); i++) {
            String p = ordered.get(i);
            if (Math.abs(p.length() - domain.length()) > 2 || !countsWithin(mine, counts[i], bestDistance - 1)) {
                continue;
            }
            int d = distance(domain, p, 2);
            if (d >= bestDistance) {
                continue;
            }
            String psld = secondLevel(p);
            // short provider names (aol, gmx, qq, me) sit one keystroke from real companies' names:
            // for them only the top-level domain may be the typo; longer names allow one slip in the
            // name and, at distance two, one more in the rest
            boolean plausible = d == 1
                    ? psld.length() >= 4 || psld.equals(sld)
                    : psld.length() >= 5 && distance(sld, psld, 1) <= 1;
            if (plausible) {
                best = p;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A top-level domain that exists nowhere, one slip from a common one: {@code acme.con} -> {@code acme.com}. */
    private static Optional<String> fixedTld(String domain) {
        int dot = domain.lastIndexOf('.');
        if (dot <= 0 || COMMON_TLD_LABELS.contains(domain.substring(dot + 1)) || underPublicSuffix(domain)) {
            return Optional.empty();
        }
        String name = domain.substring(0, dot);
        String tld = domain.substring(dot + 1);
        for (String common : COMMON_TLDS) {
            if (common.indexOf('.') < 0 && distance(tld, common, 1) == 1 && underPublicSuffix(name + "." + common)) {
                return Optional.of(name + "." + common);
            }
        }
        return Optional.empty();
    }

    private static boolean underPublicSuffix(String domain) {
        return Domains.isUnderPublicSuffix(domain);
    }

    private static String secondLevel(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? domain : domain.substring(0, dot);
    }

    /**
     * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring), or
     * {@code limit + 1} as soon as it is known to exceed {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], limit + 1);
    }
}
