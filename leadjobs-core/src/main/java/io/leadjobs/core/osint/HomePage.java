package io.leadjobs.core.osint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a home page says beyond its title: whether it is a parked or for-sale page, and which LinkedIn,
 * X (Twitter) and GitHub profiles it links to. Parsed with jsoup, as a browser would (forgiving markup,
 * relative links resolved against the page's URL and any {@code <base href>}).
 */
record HomePage(boolean parked, List<String> socialProfiles) {

    static final int MAX_PROFILES = 10;

    /** Domain marketplaces and parking services: a page they serve, or a redirect to them, is a parked domain. */
    static final Set<String> PARKING_SERVICES = Set.of(
            "sedo.com", "sedoparking.com", "dan.com", "afternic.com", "hugedomains.com", "parkingcrew.net",
            "bodis.com", "above.com", "undeveloped.com", "domainmarket.com", "buydomains.com", "parklogic.com",
            "parked.com", "domainlore.com", "squadhelp.com", "atom.com", "brandbucket.com", "namecheap-parking.com",
            "park.io", "epik.com", "voodoo.com", "skenzo.com", "dsultra.com", "domainsponsor.com", "smartname.com");

    /** Phrases of parking and for-sale pages, matched in the page's lower-cased title and text. */
    static final List<String> PARKED_PHRASES = List.of(
            "domain is for sale", "domain may be for sale", "domain name is for sale", "buy this domain",
            "make an offer on this domain", "inquire about this domain", "this domain is parked",
            "domain has been parked", "parked free", "this web page is parked", "domain parking",
            "this domain has been registered", "domain is available for purchase", "get this domain",
            "this domain name has been registered");

    private static final Set<String> X_RESERVED = Set.of("share", "intent", "home", "hashtag", "search", "i", "login",
            "signup", "explore", "settings", "messages", "notifications", "tos", "privacy");
    private static final Set<String> GITHUB_RESERVED = Set.of("features", "pricing", "about", "login", "join",
            "sponsors", "topics", "marketplace", "site", "security", "enterprise", "explore", "trending", "contact",
            "collections", "customer-stories", "readme", "team", "apps", "settings", "notifications", "new");
    private static final Set<String> LINKEDIN_KINDS = Set.of("company", "in", "school", "showcase");
    private static final Pattern X_HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Pattern LINKEDIN_NAME = Pattern.compile("[\\p{L}\\p{N}_.%-]{1,100}");

    /** Reads a page; {@code html} may be empty (a non-HTML answer), which still judges the URL. */
    static HomePage read(String html, URI pageUri) {
        return read(html.isEmpty() ? Optional.empty() : Optional.of(Jsoup.parse(html, pageUri.toString())), pageUri);
    }

    /** Reads a page jsoup has parsed, with {@code pageUri} as its base; empty for a non-HTML answer. */
    static HomePage read(Optional<Document> page, URI pageUri) {
        boolean parked = isParkingService(pageUri);
        if (page.isEmpty()) {
            return new HomePage(parked, List.of());
        }
        Document doc = page.get();
        if (!parked) {
            String text = (doc.title() + " " + doc.body().text()).toLowerCase(Locale.ROOT);
            parked = PARKED_PHRASES.stream().anyMatch(text::contains)
                    || doc.select("script[src], iframe[src], frame[src]").stream()
                            .anyMatch(e -> uri(e.absUrl("src")).filter(HomePage::isParkingService).isPresent());
        }
        Set<String> profiles = new LinkedHashSet<>();
        for (Element a : doc.select("a[href]")) {
            uri(a.absUrl("href")).flatMap(HomePage::profile).ifPresent(profiles::add);
            if (profiles.size() == MAX_PROFILES) {
                break;
            }
        }
        return new HomePage(parked, List.copyOf(profiles));
    }

    private static boolean isParkingService(URI uri) {
        String host = Optional.ofNullable(uri.getHost()).orElse("").toLowerCase(Locale.ROOT);
        for (String service : PARKING_SERVICES) {
            if (host.equals(service) || host.endsWith("." + service)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<URI> uri(String s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(s.strip()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The canonical profile URL a link points to, or empty when it is no company or person profile. */
    static Optional<String> profile(URI link) {
        String scheme = Optional.ofNullable(link.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || link.getHost() == null) {
            return Optional.empty();
        }
        String host = link.getHost().toLowerCase(Locale.ROOT);
        for (String prefix : List.of("www.", "mobile.", "m.")) {
            if (host.startsWith(prefix)) {
                host = host.substring(prefix.length());
                break;
            }
        }
        List<String> path = new ArrayList<>();
        for (String segment : Optional.ofNullable(link.getPath()).orElse("").split("/")) {
            if (!segment.isEmpty()) {
                path.add(segment);
            }
        }
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String first = path.get(0);
        switch (host) {
            case "linkedin.com":
                if (path.size() >= 2 && LINKEDIN_KINDS.contains(first.toLowerCase(Locale.ROOT))
                        && LINKEDIN_NAME.matcher(path.get(1)).matches()) {
                    return Optional.of("https://www.linkedin.com/" + first.toLowerCase(Locale.ROOT) + "/" + path.get(1));
                }
                return Optional.empty();
            case "x.com":
            case "twitter.com":
                if (X_HANDLE.matcher(first).matches() && !X_RESERVED.contains(first.toLowerCase(Locale.ROOT))) {
                    return Optional.of("https://" + host + "/" + first);
                }
                return Optional.empty();
            case "github.com":
                if (GITHUB_NAME.matcher(first).matches() && !GITHUB_RESERVED.contains(first.toLowerCase(Locale.ROOT))) {
                    return Optional.of("https://github.com/" + first);
                }
                if (first.equals("orgs") && path.size() >= 2 && GITHUB_NAME.matcher(path.get(1)).matches()) {
                    return Optional.of("https://github.com/" + path.get(1));
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
