package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.ScoreReason;
import io.leadjobs.core.spi.EscapedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small self-describing text format in which the JDBC store keeps a lead's extra fields, score
 * reasons and enrichment signals, so that core needs no JSON library. It is meant to stay readable in
 * a SQL console:
 *
 * <pre>
 * extra:      industry=Software;size=50-200
 * reasons:    title_seniority,20,VP of Sales;free_email,-10,gmail.com
 * enrichment: free_email=b:true;mx_host=s:mx.example.com;employees=i:120;revenue=l:9000000000;
 *             confidence=d:0.75;tags=L:2:saas,b2b
 * </pre>
 *
 * Entries are separated by {@code ;}, fields by {@code ,}, a key from its value by {@code =} and a type
 * tag ({@code s} String, {@code b} Boolean, {@code i} Integer, {@code l} Long, {@code d} Double,
 * {@code L} List of Strings with its size) from its payload by {@code :}. Inside every key and value the
 * characters {@code \ ; , = :} are escaped with a backslash, and newline, carriage return and NUL
 * (which PostgreSQL text cannot hold) become {@code \n}, {@code \r} and {@code \0}: the
 * {@link EscapedText} rules, which the cluster's job update text follows too. Decoding gives back
 * exactly what was encoded, including key order.
 */
final class TextCodec {
    private static final char ENTRY = ';';
    private static final char FIELD = ',';
    private static final char KEY = '=';
    private static final char TAG = ':';
    static final char ESCAPE = EscapedText.ESCAPE;

    private TextCodec() {
    }

    // ---- where encoded text goes ------------------------------------------------------------------

    /**
     * Where the encoders write: into a {@link StringBuilder} ({@link #encodeExtra(Map)} and the other
     * String-returning encoders) or straight into a binary {@code COPY} buffer as UTF-8 ({@link PgCopy}),
     * so that no intermediate String is built for a row that is streamed to the database.
     */
    abstract static class Sink {
        /** Appends {@code c}, which is one of the format's own ASCII characters. */
        abstract void raw(char c);

        /** Appends {@code s}, which holds only ASCII characters the format leaves as they are (tags, numbers). */
        abstract void raw(String s);

        /** Appends {@code s} with the format's characters escaped. */
        abstract void escaped(String s);

        final void raw(int value) {
            raw(Integer.toString(value));
        }
    }

    /** The format's escaping: a backslash before {@code \ ; , = :}, and {@code \n}, {@code \r}, {@code \0}. */
    private static final EscapedText ESCAPING = EscapedText.separators(ENTRY, FIELD, KEY, TAG);

    /** The code that follows the backslash when {@code c} is escaped, or 0 when it is written as it is. */
    static char escapeCode(char c) {
        return ESCAPING.escapeCode(c);
    }

    private static final class StringSink extends Sink {
        private final StringBuilder sb = new StringBuilder(512);

        @Override
        void raw(char c) {
            sb.append(c);
        }

        @Override
        void raw(String s) {
            sb.append(s);
        }

        @Override
        void escaped(String s) {
            ESCAPING.escape(s, sb);
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    // ---- lead extra fields ------------------------------------------------------------------------

    static String encodeExtra(Map<String, String> extra) {
        StringSink out = new StringSink();
        encodeExtra(extra, out);
        return out.toString();
    }

    static void encodeExtra(Map<String, String> extra, Sink out) {
        boolean first = true;
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (!first) {
                out.raw(ENTRY);
            }
            first = false;
            out.escaped(e.getKey());
            out.raw(KEY);
            out.escaped(e.getValue());
        }
    }

    static Map<String, String> decodeExtra(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : split(text, ENTRY)) {
            List<String> kv = splitFirst(entry, KEY, "extra field", text);
            out.put(unescape(kv.get(0)), unescape(kv.get(1)));
        }
        return out;
    }

    // ---- a whole lead (rejected rows) -------------------------------------------------------------

    private static final List<String> LEAD_FIELDS = List.of("email", "first_name", "last_name", "company", "title",
            "website", "phone", "country");
    private static final String EXTRA_PREFIX = "x.";

    /** The lead's non-empty fields by column name, its extra fields prefixed {@code x.}, as {@link #encodeExtra(Map)}. */
    static String encodeLead(io.leadjobs.core.Lead lead) {
        List<String> values = List.of(lead.email(), lead.firstName(), lead.lastName(), lead.company(), lead.title(),
                lead.website(), lead.phone(), lead.country());
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < LEAD_FIELDS.size(); i++) {
            if (!values.get(i).isEmpty()) {
                fields.put(LEAD_FIELDS.get(i), values.get(i));
            }
        }
        for (Map.Entry<String, String> e : lead.extra().entrySet()) {
            fields.put(EXTRA_PREFIX + e.getKey(), e.getValue());
        }
        return encodeExtra(fields);
    }

    static io.leadjobs.core.Lead decodeLead(String text) {
        io.leadjobs.core.Lead.Builder b = io.leadjobs.core.Lead.builder();
        if (text.isEmpty()) {
            return b.build();
        }
        for (Map.Entry<String, String> e : decodeExtra(text).entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "email" -> b.email(v);
                case "first_name" -> b.firstName(v);
                case "last_name" -> b.lastName(v);
                case "company" -> b.company(v);
                case "title" -> b.title(v);
                case "website" -> b.website(v);
                case "phone" -> b.phone(v);
                case "country" -> b.country(v);
                default -> b.extra(e.getKey().startsWith(EXTRA_PREFIX) ? e.getKey().substring(EXTRA_PREFIX.length())
                        : e.getKey(), v);
            }
        }
        return b.build();
    }

    // ---- score reasons ----------------------------------------------------------------------------

    static String encodeReasons(List<ScoreReason> reasons) {
        StringSink out = new StringSink();
        encodeReasons(reasons, out);
        return out.toString();
    }

    static void encodeReasons(List<ScoreReason> reasons, Sink out) {
        boolean first = true;
        for (ScoreReason r : reasons) {
            if (!first) {
                out.raw(ENTRY);
            }
            first = false;
            out.escaped(r.rule());
            out.raw(FIELD);
            out.raw(r.points());
            out.raw(FIELD);
            out.escaped(r.detail());
        }
    }

    static List<ScoreReason> decodeReasons(String text) {
        List<ScoreReason> out = new ArrayList<>();
        for (String entry : split(text, ENTRY)) {
            List<String> fields = split(entry, FIELD);
            if (fields.size() != 3) {
                throw malformed("score reason", text, "expected rule,points,detail but found " + fields.size() + " fields in '" + entry + "'");
            }
            out.add(new ScoreReason(unescape(fields.get(0)), parseInt(fields.get(1), "score reason points", text), unescape(fields.get(2))));
        }
        return out;
    }

    // ---- enrichment signals -----------------------------------------------------------------------

    static String encodeEnrichment(Enrichment enrichment) {
        StringSink out = new StringSink();
        encodeEnrichment(enrichment, out);
        return out.toString();
    }

    /** Writes the signals of {@code enrichment}; a value of a type the format cannot hold is an {@link IllegalArgumentException}. */
    static void encodeEnrichment(Enrichment enrichment, Sink out) {
        boolean first = true;
        for (Map.Entry<String, Object> e : enrichment.signals().entrySet()) {
            if (!first) {
                out.raw(ENTRY);
            }
            first = false;
            out.escaped(e.getKey());
            out.raw(KEY);
            Object v = e.getValue();
            if (v instanceof String s) {
                out.raw("s:");
                out.escaped(s);
            } else if (v instanceof Boolean b) {
                out.raw(b ? "b:true" : "b:false");
            } else if (v instanceof Integer i) {
                out.raw("i:");
                out.raw(i.intValue());
            } else if (v instanceof Long l) {
                out.raw("l:");
                out.raw(Long.toString(l));
            } else if (v instanceof Double d) {
                out.raw("d:");
                out.raw(Double.toString(d));
            } else if (v instanceof List<?> list) {
                out.raw("L:");
                out.raw(list.size());
                out.raw(TAG);
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof String item)) {
                        throw new IllegalArgumentException("enrichment signal '" + e.getKey() + "' is a list whose item " + i
                                + " is " + describe(list.get(i)) + "; lists may hold only Strings");
                    }
                    if (i > 0) {
                        out.raw(FIELD);
                    }
                    out.escaped(item);
                }
            } else {
                throw new IllegalArgumentException("enrichment signal '" + e.getKey() + "' has a value of type " + describe(v)
                        + "; allowed are String, Boolean, Integer, Long, Double and List<String>");
            }
        }
    }

    static Enrichment decodeEnrichment(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String entry : split(text, ENTRY)) {
            List<String> kv = splitFirst(entry, KEY, "enrichment signal", text);
            String key = unescape(kv.get(0));
            List<String> tagged = splitFirst(kv.get(1), TAG, "enrichment signal '" + key + "'", text);
            String payload = tagged.get(1);
            Object value = switch (tagged.get(0)) {
                case "s" -> unescape(payload);
                case "b" -> parseBoolean(payload, key, text);
                case "i" -> parseInt(payload, "enrichment signal '" + key + "'", text);
                case "l" -> parseLong(payload, "enrichment signal '" + key + "'", text);
                case "d" -> parseDouble(payload, key, text);
                case "L" -> decodeList(payload, key, text);
                default -> throw malformed("enrichment signal '" + key + "'", text, "unknown type tag '" + tagged.get(0) + "'");
            };
            out.put(key, value);
        }
        return new Enrichment(out);
    }

    private static List<String> decodeList(String payload, String key, String text) {
        List<String> sizeAndItems = splitFirst(payload, TAG, "enrichment signal '" + key + "'", text);
        int size = parseInt(sizeAndItems.get(0), "list size of enrichment signal '" + key + "'", text);
        List<String> items = new ArrayList<>(size);
        if (size > 0) {
            for (String item : splitAll(sizeAndItems.get(1), FIELD)) {
                items.add(unescape(item));
            }
        } else if (!sizeAndItems.get(1).isEmpty()) {
            throw malformed("enrichment signal '" + key + "'", text, "an empty list has items");
        }
        if (items.size() != size) {
            throw malformed("enrichment signal '" + key + "'", text, "list says " + size + " items but holds " + items.size());
        }
        return List.copyOf(items);
    }

    // ---- escaping and splitting -------------------------------------------------------------------

    private static String unescape(String s) {
        return EscapedText.unescape(s);
    }

    /** Splits at unescaped separators; the empty text has no parts. */
    private static List<String> split(String text, char separator) {
        if (text.isEmpty()) {
            return List.of();
        }
        return splitAll(text, separator);
    }

    private static List<String> splitAll(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE) {
                i++;
            } else if (c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Splits at the first unescaped separator into exactly two parts. */
    private static List<String> splitFirst(String text, char separator, String what, String whole) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE) {
                i++;
            } else if (c == separator) {
                return List.of(text.substring(0, i), text.substring(i + 1));
            }
        }
        throw malformed(what, whole, "no '" + separator + "' in '" + text + "'");
    }

    private static int parseInt(String s, String what, String whole) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw malformed(what, whole, "'" + s + "' is not an integer");
        }
    }

    private static long parseLong(String s, String what, String whole) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw malformed(what, whole, "'" + s + "' is not a long integer");
        }
    }

    private static double parseDouble(String s, String key, String whole) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw malformed("enrichment signal '" + key + "'", whole, "'" + s + "' is not a number");
        }
    }

    private static boolean parseBoolean(String s, String key, String whole) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed("enrichment signal '" + key + "'", whole, "'" + s + "' is not true or false");
        };
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getName();
    }

    private static IllegalArgumentException malformed(String what, String whole, String detail) {
        String shown = whole.length() > 200 ? whole.substring(0, 200) + "..." : whole;
        return new IllegalArgumentException("Malformed " + what + " in stored text '" + shown + "': " + detail);
    }
}
