package io.leadjobs.core.osint;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a page's {@code <title>} and meta description in (possibly truncated) HTML, forgiving odd markup. */
final class HtmlMeta {

    static final int MAX_TEXT = 300;

    record Meta(Optional<String> title, Optional<String> description) {
    }

    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|$)", Pattern.DOTALL);
    private static final Pattern SCRIPT = Pattern.compile("<(script|style)\\b[^>]*>.*?(?:</\\1\\s*>|$)",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*>(.*?)</title\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*(?:=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([a-zA-Z0-9._:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?");
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0]+");

    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"),
            Map.entry("trade", "\u2122"), Map.entry("hellip", "\u2026"), Map.entry("mdash", "\u2014"),
            Map.entry("ndash", "\u2013"), Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"),
            Map.entry("ldquo", "\u201c"), Map.entry("rdquo", "\u201d"), Map.entry("laquo", "\u00ab"),
            Map.entry("raquo", "\u00bb"), Map.entry("middot", "\u00b7"), Map.entry("bull", "\u2022"),
            Map.entry("euro", "\u20ac"), Map.entry("pound", "\u00a3"), Map.entry("eacute", "\u00e9"),
            Map.entry("egrave", "\u00e8"), Map.entry("aacute", "\u00e1"), Map.entry("agrave", "\u00e0"),
            Map.entry("ccedil", "\u00e7"), Map.entry("uuml", "\u00fc"), Map.entry("ouml", "\u00f6"),
            Map.entry("auml", "\u00e4"), Map.entry("szlig", "\u00df"), Map.entry("ntilde", "\u00f1"),
            Map.entry("oacute", "\u00f3"), Map.entry("iacute", "\u00ed"), Map.entry("uacute", "\u00fa"));

    private HtmlMeta() {
    }

    static Meta extract(byte[] body, Optional<String> contentType) {
        String html = decode(body, contentType);
        String cleaned = SCRIPT.matcher(COMMENT.matcher(html).replaceAll(" ")).replaceAll(" ");
        Optional<String> title = Optional.empty();
        Matcher t = TITLE.matcher(cleaned);
        if (t.find()) {
            title = clean(t.group(1).replaceAll("<[^>]*>", " "));
        }
        Optional<String> description = Optional.empty();
        Optional<String> og = Optional.empty();
        Matcher m = META.matcher(cleaned);
        while (m.find() && description.isEmpty()) {
            String name = null;
            String content = null;
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) {
                String attr = a.group(1).toLowerCase(Locale.ROOT);
                String value = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
                if ((attr.equals("name") || attr.equals("property")) && value != null && name == null) {
                    name = value.strip().toLowerCase(Locale.ROOT);
                } else if (attr.equals("content") && value != null) {
                    content = value;
                }
            }
            if (content == null || name == null) {
                continue;
            }
            if (name.equals("description")) {
                description = clean(content);
            } else if (og.isEmpty() && (name.equals("og:description") || name.equals("twitter:description"))) {
                og = clean(content);
            }
        }
        return new Meta(title, description.isPresent() ? description : og);
    }

    /** The body as text: the charset from Content-Type, else from a {@code <meta>} near the top, else UTF-8. */
    static String decode(byte[] body, Optional<String> contentType) {
        Charset cs = contentType.flatMap(HtmlMeta::charset)
                .or(() -> charset(new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1)))
                .orElse(StandardCharsets.UTF_8);
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Optional<Charset> charset(String text) {
        Matcher m = CHARSET.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<String> clean(String raw) {
        String s = SPACE.matcher(unescape(raw)).replaceAll(" ").strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.length() > MAX_TEXT) {
            int end = MAX_TEXT;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            s = s.substring(0, end).strip() + "\u2026";
        }
        return Optional.of(s);
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String replacement;
            if (e.charAt(0) == '#') {
                int cp;
                try {
                    cp = e.length() > 1 && (e.charAt(1) == 'x' || e.charAt(1) == 'X')
                            ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                } catch (NumberFormatException nfe) {
                    cp = -1;
                }
                replacement = cp > 0 && Character.isValidCodePoint(cp) && (cp < 0xd800 || cp > 0xdfff)
                        ? new String(Character.toChars(cp)) : "\ufffd";
            } else {
                replacement = NAMED.get(e);
                if (replacement == null) { // &AMP; and friends, as browsers accept them
                    replacement = NAMED.getOrDefault(e.toLowerCase(Locale.ROOT), m.group());
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
