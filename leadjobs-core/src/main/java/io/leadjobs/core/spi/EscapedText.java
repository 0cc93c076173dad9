package io.leadjobs.core.spi;

/**
 * The escaping that leadjobs' own text formats share (the JDBC store's stored text and the cluster
 * publishers' job update text), for formats that must travel without a JSON library. Inside a field, the
 * backslash and each of the format's separators are written as a backslash followed by the character, and
 * newline, carriage return and NUL (which PostgreSQL text and {@code NOTIFY} payloads cannot hold) as
 * {@code \n}, {@code \r} and {@code \0}. A format names its separators once, with {@link #separators}.
 * Immutable and thread-safe.
 */
public final class EscapedText {
    /** The escape character. */
    public static final char ESCAPE = '\\';

    /** For each ASCII character, the code that follows the backslash when it is escaped, or 0. */
    private final char[] codes = new char[128];

    private EscapedText(char[] separators) {
        codes[ESCAPE] = ESCAPE;
        for (char c : separators) {
            if (c >= codes.length || c == 'n' || c == 'r' || c == '0') {
                throw new IllegalArgumentException("A separator must be an ASCII character other than n, r and 0, was '"
                        + c + "'");
            }
            codes[c] = c;
        }
        codes['\n'] = 'n';
        codes['\r'] = 'r';
        codes['\0'] = '0';
    }

    /** The escaping of a format whose fields are separated by {@code separators} (ASCII characters). */
    public static EscapedText separators(char... separators) {
        return new EscapedText(separators.clone());
    }

    /** The code that follows the backslash when {@code c} is escaped, or 0 when {@code c} is written as it is. */
    public char escapeCode(char c) {
        return c < codes.length ? codes[c] : 0;
    }

    /** Appends {@code s} to {@code sb} with the format's characters escaped. */
    public void escape(String s, StringBuilder sb) {
        int i = 0;
        while (i < s.length() && escapeCode(s.charAt(i)) == 0) {
            i++;
        }
        if (i == s.length()) {
            sb.append(s);
            return;
        }
        sb.append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char code = escapeCode(c);
            if (code == 0) {
                sb.append(c);
            } else {
                sb.append(ESCAPE).append(code);
            }
        }
    }

    /** The character that a backslash followed by {@code code} stands for. */
    public static char unescaped(char code) {
        return switch (code) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> code;
        };
    }

    /**
     * {@code s} with its escapes replaced by the characters they stand for; a backslash at the very end
     * stays as it is.
     */
    public static String unescape(String s) {
        if (s.indexOf(ESCAPE) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESCAPE && i + 1 < s.length()) {
                sb.append(unescaped(s.charAt(++i)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
