package io.leadjobs.core.store.jdbc;

import io.leadjobs.core.Enrichment;
import io.leadjobs.core.ScoreReason;
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
 * (which PostgreSQL text cannot hold) become {@code \n}, {@code \r} and {@code \0}. Decoding gives back
 * exactly what was encoded, including key order.
 */
final class TextCodec {
    private static final char ENTRY = ';';
    private static final char FIELD = ',';
    private static final char KEY = '=';
    private static final char TAG = ':';
    private static final char ESCAPE = '\\';

    private TextCodec() {
    }

    // ---- lead extra fields ------------------------------------------------------------------------

    static String encodeExtra(Map<String, String> extra) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (sb.length() > 0) {
                sb.append(ENTRY);
            }
            escape(e.getKey(), sb).append(KEY);
            escape(e.getValue(), sb);
        }
        return sb.toString();
    }

    static Map<String, String> decodeExtra(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : split(text, ENTRY)) {
            List<String> kv = splitFirst(entry, KEY, "extra field", text);
            out.put(unescape(kv.get(0)), unescape(kv.get(1)));
        }
        return out;
    }

    // ---- score reasons ----------------------------------------------------------------------------

    static String encodeReasons(List<ScoreReason> reasons) {
        StringBuilder sb = new StringBuilder(512);
        for (ScoreReason r : reasons) {
            if (sb.length() > 0) {
                sb.append(ENTRY);
            }
            escape(r.rule(), sb).append(FIELD).append(r.points()).append(FIELD);
            escape(r.detail(), sb);
        }
        return sb.toString();
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
        StringBuilder sb = new StringBuilder(512);
        for (Map.Entry<String, Object> e : enrichment.signals().entrySet()) {
            if (sb.length() > 0) {
                sb.append(ENTRY);
            }
            escape(e.getKey(), sb).append(KEY);
            Object v = e.getValue();
            if (v instanceof String s) {
                escape(s, sb.append("s:"));
            } else if (v instanceof Boolean b) {
                sb.append("b:").append(b.booleanValue());
            } else if (v instanceof Integer i) {
                sb.append("i:").append(i.intValue());
            } else if (v instanceof Long l) {
                sb.append("l:").append(l.longValue());
            } else if (v instanceof Double d) {
                sb.append("d:").append(Double.toString(d));
            } else if (v instanceof List<?> list) {
                sb.append("L:").append(list.size()).append(TAG);
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof String item)) {
                        throw new IllegalArgumentException("enrichment signal '" + e.getKey() + "' is a list whose item " + i
                                + " is " + describe(list.get(i)) + "; lists may hold only Strings");
                    }
                    if (i > 0) {
                        sb.append(FIELD);
                    }
                    escape(item, sb);
                }
            } else {
                throw new IllegalArgumentException("enrichment signal '" + e.getKey() + "' has a value of type " + describe(v)
                        + "; allowed are String, Boolean, Integer, Long, Double and List<String>");
            }
        }
        return sb.toString();
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

    /** Appends {@code s} escaped; runs of characters that need no escape are appended in one piece. */
    private static StringBuilder escape(String s, StringBuilder sb) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char code;
            switch (s.charAt(i)) {
                case ESCAPE -> code = ESCAPE;
                case ENTRY -> code = ENTRY;
                case FIELD -> code = FIELD;
                case KEY -> code = KEY;
                case TAG -> code = TAG;
                case '\n' -> code = 'n';
                case '\r' -> code = 'r';
                case '\0' -> code = '0';
                default -> {
                    continue;
                }
            }
            sb.append(s, run, i).append(ESCAPE).append(code);
            run = i + 1;
        }
        return sb.append(s, run, s.length());
    }

    private static String unescape(String s) {
        if (s.indexOf(ESCAPE) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESCAPE && i + 1 < s.length()) {
                char next = s.charAt(++i);
                sb.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
