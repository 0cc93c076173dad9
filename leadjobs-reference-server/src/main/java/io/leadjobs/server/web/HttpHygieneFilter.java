package io.leadjobs.server.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;

/**
 * Sits between Grizzly's HTTP codec and its server filter, so it sees every request and response of the host,
 * static pages, servlets and WebSocket handshakes alike:
 * <ul>
 * <li>a request path with a bad percent escape ({@code %zz}, a lone {@code %}), an encoded NUL ({@code %00}) or
 * an encoded slash or backslash ({@code %2f}, {@code %5c}) is answered {@code 400} with a JSON sentence naming
 * the problem, before any handler sees it (Grizzly's mapper answered these with an empty 500);</li>
 * <li>every response gets the security headers of {@link #SECURITY_HEADERS} unless a handler set its own.</li>
 * </ul>
 */
final class HttpHygieneFilter extends BaseFilter {

    /** The demo page and the dashboards load their scripts and styles from this origin and talk to it alone. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (!(ctx.getMessage() instanceof HttpContent content) || !content.getHttpHeader().isRequest()) {
            return ctx.getInvokeAction();
        }
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        Optional<String> problem = pathProblem(request.getRequestURI());
        if (problem.isEmpty()) {
            return ctx.getInvokeAction();
        }
        refuse(ctx, content, request, problem.get());
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content) {
            HttpHeader header = content.getHttpHeader();
            if (!header.isRequest() && !header.isCommitted() && header instanceof HttpResponsePacket response
                    && response.getStatus() != 101) {
                SECURITY_HEADERS.forEach((name, value) -> {
                    if (!response.containsHeader(name)) {
                        response.setHeader(name, value);
                    }
                });
            }
        }
        return ctx.getInvokeAction();
    }

    /** What is wrong with the raw (still encoded) request path, if anything. */
    static Optional<String> pathProblem(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            if (rawPath.charAt(i) != '%') {
                continue;
            }
            if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                String escape = rawPath.substring(i, Math.min(rawPath.length(), i + 3));
                return Optional.of("The request path has a bad percent escape '" + escape + "' at character " + (i + 1)
                        + "; a % must be followed by two hexadecimal digits.");
            }
            int value = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
            String escape = rawPath.substring(i, i + 3);
            if (value == 0) {
                return Optional.of("The request path contains an encoded NUL character ('" + escape + "') at character "
                        + (i + 1) + ", which no resource of this server has.");
            }
            if (value == '/' || value == '\\') {
                return Optional.of("The request path contains an encoded " + (value == '/' ? "slash" : "backslash")
                        + " ('" + escape + "') at character " + (i + 1) + ", which this server does not accept in a path.");
            }
            i += 2;
        }
        return Optional.empty();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static void refuse(FilterChainContext ctx, HttpContent content, HttpRequestPacket request, String problem) {
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(400);
        response.setHeader(Header.Connection, "close");
        SECURITY_HEADERS.forEach(response::setHeader);
        byte[] body = ("{\"error\":" + jsonString(problem) + ",\"details\":[]}").getBytes(StandardCharsets.UTF_8);
        ClosingResponse.send(ctx, content, response, "application/json;charset=UTF-8", body);
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
