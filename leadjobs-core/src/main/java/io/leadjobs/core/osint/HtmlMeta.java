package io.leadjobs.core.osint;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds a page's {@code <title>} and meta description in a page jsoup has read (jsoup forgives odd markup and
 * truncated pages, skips comments and scripts, and knows every named entity), and decodes a body by its charset.
 */
final class HtmlMeta {

    static final int MAX_TEXT = 300;

    record Meta(Optional<String> title, Optional<String> description) {
    }

    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([a-zA-Z0-9._:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0]+");

    private HtmlMeta() {
    }

    /**
     * The first {@code <title>}, and the {@code description} meta, else the first {@code og:description} or
     * {@code twitter:description} (by {@code name}, else {@code property}); whitespace collapsed, at most
     * {@value #MAX_TEXT} characters.
     */
    static Meta extract(Document page) {
        Element titleElement = page.selectFirst("title");
        Optional<String> title = titleElement == null ? Optional.empty() : clean(titleElement.text());
        Optional<String> og = Optional.empty();
        for (Element meta : page.select("meta[content]")) {
            String name = (meta.hasAttr("name") ? meta.attr("name") : meta.attr("property")).strip()
                    .toLowerCase(Locale.ROOT);
            if (name.equals("description")) {
                Optional<String> description = clean(meta.attr("content"));
                if (description.isPresent()) {
                    return new Meta(title, description);
                }
            } else if (og.isEmpty() && (name.equals("og:description") || name.equals("twitter:description"))) {
                og = clean(meta.attr("content"));
            }
        }
        return new Meta(title, og);
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
        String s = SPACE.matcher(raw).replaceAll(" ").strip();
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
}
