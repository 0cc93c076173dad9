package io.leadjobs.core.enrich;

import io.leadjobs.core.LeadJobsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List algorithm (https://publicsuffix.org/list/) over a list in its published format:
 * plain rules ({@code co.uk}), wildcard rules ({@code *.ck}) and exception rules ({@code !www.ck}), from both
 * the ICANN and the private section. Rules and host names are compared in their ASCII (Punycode) form, so a
 * rule written in Unicode ({@code 公司.cn}) matches {@code xn--55qx5d.cn} and the Unicode name alike; a
 * Unicode host gets its answer in Unicode. Immutable and safe to share between threads.
 */
final class PublicSuffixList {
    private static final String RESOURCE = "public_suffix_list.dat";

    /** Plain rules, e.g. {@code co.uk}. */
    private final Set<String> rules;
    /** The part after {@code *.} of wildcard rules, e.g. {@code ck} for {@code *.ck}. */
    private final Set<String> wildcards;
    /** The part after {@code !} of exception rules, e.g. {@code www.ck}. */
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcards = Set.copyOf(wildcards);
        this.exceptions = Set.copyOf(exceptions);
    }

    /** The list shipped in leadjobs-core's resources, read once. */
    static PublicSuffixList shipped() {
        return Shipped.LIST;
    }

    private static final class Shipped {
        static final PublicSuffixList LIST = loadShipped();
    }

    private static PublicSuffixList loadShipped() {
        try (InputStream in = PublicSuffixList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LeadJobsException("The resource " + RESOURCE + " is missing from leadjobs-core.");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new LeadJobsException("The resource " + RESOURCE + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a list in the published format: one rule per line, the rule being the line's first
     * whitespace-separated word; blank lines and lines starting with {@code //} are skipped.
     *
     * @throws IllegalArgumentException naming {@code source} and the line of a rule that is not a domain
     *         name, or whose wildcard is not its whole leftmost label
     */
    static PublicSuffixList parse(Reader text, String source) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        BufferedReader reader = new BufferedReader(text);
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("//")) {
                continue;
            }
            int space = indexOfWhitespace(s);
            String rule = space < 0 ? s : s.substring(0, space);
            String where = source + " line " + lineNumber;
            if (rule.startsWith("!")) {
                exceptions.add(ruleName(rule.substring(1), rule, where));
            } else if (rule.startsWith("*.")) {
                wildcards.add(ruleName(rule.substring(2), rule, where));
            } else {
                rules.add(ruleName(rule, rule, where));
            }
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String ruleName(String name, String rule, String where) {
        if (name.indexOf('*') >= 0 || name.indexOf('!') >= 0) {
            throw new IllegalArgumentException(where + ": the rule \"" + rule
                    + "\" has a wildcard or exception mark that is not at its start; only \"*.\" and \"!\" lead a rule");
        }
        return toAscii(name).orElseThrow(() -> new IllegalArgumentException(
                where + ": the rule \"" + rule + "\" is not a domain name"));
    }

    /**
     * The public suffix of {@code host} by the list's algorithm, including its implicit {@code *} rule (a
     * name under no listed rule has its top-level label as public suffix). Empty only for a name that is
     * not a domain name (empty labels, characters IDNA refuses).
     */
    Optional<String> publicSuffix(String host) {
        return toAscii(host).map(ascii -> {
            int n = listedSuffixLabels(ascii);
            return toCallersForm(lastLabels(ascii, n < 0 ? 1 : n), host);
        });
    }

    /**
     * The registrable domain of {@code host} by the list's algorithm (its public suffix and one label more),
     * including the implicit {@code *} rule. Empty when {@code host} is itself a public suffix or not a
     * domain name.
     */
    Optional<String> registrableDomain(String host) {
        return toAscii(host).flatMap(ascii -> {
            int n = listedSuffixLabels(ascii);
            int suffix = n < 0 ? 1 : n;
            return labelCount(ascii) > suffix
                    ? Optional.of(toCallersForm(lastLabels(ascii, suffix + 1), host))
                    : Optional.empty();
        });
    }

    /** Whether a rule of the list (not the implicit {@code *} rule) decides the public suffix of {@code host}. */
    boolean hasListedSuffix(String host) {
        return toAscii(host).map(ascii -> listedSuffixLabels(ascii) >= 0).orElse(false);
    }

    /**
     * How many labels on the right of {@code ascii} form the public suffix by the prevailing listed rule, or
     * -1 when no listed rule matches. An exception rule prevails over every other; otherwise the matching
     * rule with the most labels does. The candidates are the name's suffixes at label boundaries, taken as
     * substrings of the name (this runs for every lead, so it builds no label arrays).
     */
    private int listedSuffixLabels(String ascii) {
        int best = -1;
        int count = labelCount(ascii);
        for (int from = 0; from >= 0; from = nextLabel(ascii, from), count--) {
            String candidate = from == 0 ? ascii : ascii.substring(from);
            if (exceptions.contains(candidate)) {
                return count - 1;
            }
            if (best < 0) {
                int dot = candidate.indexOf('.');
                boolean wildcard = dot > 0 && wildcards.contains(candidate.substring(dot + 1));
                if (rules.contains(candidate) || wildcard) {
                    best = count;
                }
            }
        }
        return best;
    }

    /** Where the label after the one starting at {@code from} starts, or -1 after the last label. */
    private static int nextLabel(String ascii, int from) {
        int dot = ascii.indexOf('.', from);
        return dot < 0 ? -1 : dot + 1;
    }

    private static int labelCount(String ascii) {
        int count = 1;
        for (int i = 0; i < ascii.length(); i++) {
            if (ascii.charAt(i) == '.') {
                count++;
            }
        }
        return count;
    }

    /** The last {@code count} labels of {@code ascii} (all of it when it has no more). */
    private static String lastLabels(String ascii, int count) {
        int seen = 0;
        for (int i = ascii.length() - 1; i >= 0; i--) {
            if (ascii.charAt(i) == '.' && ++seen == count) {
                return ascii.substring(i + 1);
            }
        }
        return ascii;
    }

    private static Optional<String> toAscii(String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String ascii = plainAscii(name);
        if (ascii == null) {
            try {
                ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (ascii.isEmpty() || ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(ascii);
    }

    /**
     * The name in lower case when it is made only of ASCII letters, digits, hyphens and dots with no label
     * longer than 63 characters: such a name is its own ASCII form, and IDNA's conversion (which copies it
     * several times) can be skipped; null for any other name, which takes the conversion.
     */
    private static String plainAscii(String name) {
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                labelLength = 0;
                continue;
            }
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!plain || ++labelLength > 63) {
                return null;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String toCallersForm(String ascii, String host) {
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) >= 0x80) {
                return IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
            }
        }
        return ascii;
    }
}
