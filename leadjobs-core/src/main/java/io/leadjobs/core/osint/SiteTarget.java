package io.leadjobs.core.osint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where to probe a site, from what a lead says ({@code acme.com}, {@code https://www.acme.com/about},
 * {@code intranet:8080}): the site's root, HTTPS first then HTTP, unless an explicit scheme and port pin
 * one of them. {@link #key()} identifies the site in the cache.
 *
 * @param hostPort     the host, and the port when the lead gives one
 * @param pinnedScheme the only scheme to try ({@code http} or {@code https}), or null to try HTTPS, then HTTP
 */
record SiteTarget(String key, String host, String hostPort, String pinnedScheme) {

    /**
     * The site's root URLs to try, in order. Built when a probe needs them (a cache miss), not for every lead that
     * names the site: building them was most of what reading a lead's website allocated.
     */
    List<URI> candidates() {
        try {
            return pinnedScheme != null
                    ? List.of(new URI(pinnedScheme + "://" + hostPort + "/"))
                    : List.of(new URI("https://" + hostPort + "/"), new URI("http://" + hostPort + "/"));
        } catch (URISyntaxException e) {
            // the host is a checked DNS name or an address literal that a URI already accepted
            throw new IllegalStateException("The site root of " + key + " is not a URI", e);
        }
    }

    static Optional<SiteTarget> parse(String website) {
        String w = website.strip();
        if (w.isEmpty() || w.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return Optional.empty();
        }
        boolean hasScheme = w.contains("://");
        URI uri;
        try {
            uri = new URI(hasScheme ? w : "http://" + w);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (!host.startsWith("[") && !PinnedHttpClient.isIpLiteral(host)) {
            Optional<String> normal = DnsNames.normaliseHost(host);
            if (normal.isEmpty()) {
                return Optional.empty();
            }
            host = normal.get();
        } else {
            host = host.toLowerCase(Locale.ROOT);
        }
        int port = uri.getPort();
        String hostPort = port == -1 ? host : host + ":" + port;
        boolean pinned = port != -1 && hasScheme;
        String key = (pinned ? scheme + "://" : "") + hostPort;
        return Optional.of(new SiteTarget(key, host, hostPort, pinned ? scheme : null));
    }
}
