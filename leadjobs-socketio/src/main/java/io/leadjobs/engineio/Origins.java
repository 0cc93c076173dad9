package io.leadjobs.engineio;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The Origin allow-list, shared by CORS on polling and the Origin check of the WebSocket upgrade. */
final class Origins {

    private Origins() {
    }

    static String validate(String origin) {
        if (origin == null || origin.isBlank()) {
            throw EngineIoException.invalidSetting("an allowed origin must not be blank");
        }
        if (origin.equals("*")) {
            return origin;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || uri.getQuery() != null) {
                throw EngineIoException.invalidSetting(
                        "an allowed origin must look like scheme://host[:port] with no path, was '" + origin + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw EngineIoException.invalidSetting("an allowed origin is not a valid URI: '" + origin + "'");
        }
        return origin.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a request with this Origin header may proceed. No header (non-browser clients) passes;
     * the server's own origin passes; otherwise the allow-list decides.
     */
    static boolean allowed(EngineIoOptions options, Optional<String> origin, String scheme, Optional<String> host) {
        if (origin.isEmpty()) {
            return true;
        }
        if (options.anyOrigin()) {
            return true;
        }
        String value = origin.get().toLowerCase(Locale.ROOT);
        if (options.allowedOrigins().contains(value)) {
            return true;
        }
        return host.isPresent() && (value.equals(scheme + "://" + host.get().toLowerCase(Locale.ROOT)));
    }
}
