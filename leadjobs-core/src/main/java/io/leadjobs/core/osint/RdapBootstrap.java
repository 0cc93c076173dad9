package io.leadjobs.core.osint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.LeadJobsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** IANA's RDAP bootstrap for domains ({@code dns.json}, RFC 9224): which server answers for which TLD. */
final class RdapBootstrap {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new LeadJobsException("The RDAP bootstrap file " + source + " is not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        JsonNode services = root == null ? null : root.get("services");
        if (services == null || !services.isArray()) {
            throw new LeadJobsException("The RDAP bootstrap file " + source + " has no \"services\" array.");
        }
        Map<String, URI> out = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            JsonNode service = services.get(i);
            if (!service.isArray() || service.size() < 2 || !service.get(0).isArray() || !service.get(1).isArray()) {
                throw new LeadJobsException("The RDAP bootstrap file " + source + " has a malformed service at index "
                        + i + ": expected [[tlds], [urls]].");
            }
            Optional<URI> url = Optional.empty();
            for (JsonNode u : service.get(1)) { // prefer https, as RFC 9224 asks
                URI candidate = uri(u.asText(), source, i);
                if (url.isEmpty() || "https".equalsIgnoreCase(candidate.getScheme())) {
                    url = Optional.of(candidate);
                }
            }
            if (url.isEmpty()) {
                continue;
            }
            for (JsonNode tld : service.get(0)) {
                out.put(tld.asText().toLowerCase(Locale.ROOT), url.get());
            }
        }
        return new RdapBootstrap(out, root.path("publication").asText(""));
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
