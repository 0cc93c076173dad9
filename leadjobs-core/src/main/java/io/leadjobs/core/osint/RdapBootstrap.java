package io.leadjobs.core.osint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** IANA's RDAP bootstrap for domains ({@code dns.json}, RFC 9224): which server answers for which TLD. */
final class RdapBootstrap {

    private static volatile RdapBootstrap shipped;

    private final Map<String, URI> servers;
    private final String publication;

    private RdapBootstrap(Map<String, URI> servers, String publication) {
        this.servers = Map.copyOf(servers);
        this.publication = publication;
    }

    static RdapBootstrap shipped() {
        RdapBootstrap b = shipped;
        if (b == null) {
            try (InputStream in = RdapBootstrap.class.getClassLoader().getResourceAsStream(RdapEnricher.SHIPPED_BOOTSTRAP)) {
                if (in == null) {
                    throw new LeadJobsException("The resource " + RdapEnricher.SHIPPED_BOOTSTRAP + " is missing from leadjobs-core.");
                }
                b = parse(in, RdapEnricher.SHIPPED_BOOTSTRAP);
            } catch (IOException e) {
                throw new LeadJobsException("The resource " + RdapEnricher.SHIPPED_BOOTSTRAP + " could not be read: "
                        + e.getMessage(), e);
            }
            shipped = b;
        }
        return b;
    }

    /** Parses a bootstrap file; a malformed one is refused with a message naming the file and the place. */
    static RdapBootstrap parse(InputStream in, String source) throws IOException {
        JsonElement parsed;
        try {
            JsonReader reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.setStrictness(Strictness.STRICT); // a typo in the file is refused, not guessed at
            parsed = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw new LeadJobsException("The RDAP bootstrap file " + source + " is not valid JSON: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        JsonObject root = parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        JsonElement servicesElement = root.get("services");
        if (servicesElement == null || !servicesElement.isJsonArray()) {
            throw new LeadJobsException("The RDAP bootstrap file " + source + " has no \"services\" array.");
        }
        JsonArray services = servicesElement.getAsJsonArray();
        Map<String, URI> out = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            JsonElement service = services.get(i);
            if (!service.isJsonArray() || service.getAsJsonArray().size() < 2
                    || !service.getAsJsonArray().get(0).isJsonArray() || !service.getAsJsonArray().get(1).isJsonArray()) {
                throw new LeadJobsException("The RDAP bootstrap file " + source + " has a malformed service at index "
                        + i + ": expected [[tlds], [urls]].");
            }
            Optional<URI> url = Optional.empty();
            for (JsonElement u : service.getAsJsonArray().get(1).getAsJsonArray()) { // prefer https, as RFC 9224 asks
                URI candidate = uri(text(u), source, i);
                if (url.isEmpty() || "https".equalsIgnoreCase(candidate.getScheme())) {
                    url = Optional.of(candidate);
                }
            }
            if (url.isEmpty()) {
                continue;
            }
            for (JsonElement tld : service.getAsJsonArray().get(0).getAsJsonArray()) {
                out.put(text(tld).toLowerCase(Locale.ROOT), url.get());
            }
        }
        return new RdapBootstrap(out, root.has("publication") ? text(root.get("publication")) : "");
    }

    private static String text(JsonElement e) {
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static URI uri(String s, String source, int index) {
        try {
            URI u = new URI(s);
            if (u.getHost() == null || u.getScheme() == null) {
                throw new URISyntaxException(s, "not an absolute http(s) URL");
            }
            return withSlash(u);
        } catch (URISyntaxException e) {
            throw new LeadJobsException("The RDAP bootstrap file " + source + " has an unusable URL '" + s
                    + "' in the service at index " + index + ".");
        }
    }

    static URI withSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    /** The base URL of the server for a domain: the longest matching suffix of its labels. */
    Optional<URI> serverFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (int dot = -1; ; ) {
            URI u = servers.get(d.substring(dot + 1));
            if (u != null) {
                return Optional.of(u);
            }
            dot = d.indexOf('.', dot + 1);
            if (dot < 0) {
                return Optional.empty();
            }
        }
    }

    String publication() {
        return publication;
    }

    int size() {
        return servers.size();
    }
}
