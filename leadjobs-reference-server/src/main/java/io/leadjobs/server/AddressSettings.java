package io.leadjobs.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static io.leadjobs.server.SettingsParser.quote;

/**
 * Reads the settings that name places on the network: the address to bind, the JWKS URL, the browser origins, the
 * trusted proxies and the DNS server. Each answers a bad value with {@link Setting#invalid}, naming the setting.
 */
final class AddressSettings {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?]?");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private AddressSettings() {
    }

    /** An http or https URL with a host ({@code LEADJOBS_JWKS_URL}). */
    static URI jwksUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw Setting.JWKS_URL.invalid("an http or https URL", quote(text));
    }

    /** A host name or an IP address to bind ({@code HOST}); an IPv6 literal loses its brackets. */
    static String host(String text) {
        if (HOST_NAME.matcher(text).matches() || (text.contains(":") && IPV6.matcher(text).matches())) {
            return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        }
        throw Setting.HOST.invalid("a host name or an IP address such as 0.0.0.0", quote(text));
    }

    /** Whether the address to bind is a loopback one, as dev mode requires. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** {@code *} or comma-separated origins ({@code LEADJOBS_ALLOWED_ORIGINS}), each as scheme://host[:port]. */
    static List<String> origins(String text) {
        List<String> origins = new ArrayList<>();
        for (String part : text.split(",")) {
            String origin = part.strip();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*")) {
                origins.add(origin);
                continue;
            }
            origins.add(origin(origin));
        }
        if (origins.contains("*") && origins.size() > 1) {
            throw Setting.ALLOWED_ORIGINS.invalid("either * or a list of origins", quote(text));
        }
        return origins;
    }

    private static String origin(String text) {
        String expectation = "a comma-separated list of origins such as https://app.example.com or http://localhost:5173";
        String candidate = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(candidate);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare) {
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw Setting.ALLOWED_ORIGINS.invalid(expectation, quote(text));
    }

    /** Comma-separated IP addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}); no host names. */
    static List<String> trustedProxies(String text) {
        String expectation = "a comma-separated list of IP addresses or CIDR blocks such as 10.0.0.5,172.16.0.0/12,::1";
        List<String> proxies = new ArrayList<>();
        for (String part : text.split(",")) {
            String proxy = part.strip();
            if (proxy.isEmpty()) {
                continue;
            }
            String[] pieces = proxy.split("/", -1);
            int bits = proxy.contains(":") ? 128 : 32;
            boolean literal = IPV4_LITERAL.matcher(pieces[0]).matches()
                    || (pieces[0].contains(":") && IPV6_LITERAL.matcher(pieces[0]).matches());
            boolean prefix = pieces.length == 1
                    || (pieces.length == 2 && pieces[1].matches("\\d{1,3}") && Integer.parseInt(pieces[1]) <= bits);
            if (!literal || !prefix || (IPV4_LITERAL.matcher(pieces[0]).matches() && !octets(pieces[0]))
                    || (pieces[0].contains(":") && !ipv6(pieces[0]))) {
                throw Setting.TRUSTED_PROXIES.invalid(expectation, quote(proxy) + " in " + quote(text));
            }
            proxies.add(proxy);
        }
        return proxies;
    }

    /** An IPv6 literal (parsed as such by the JDK, never looked up). */
    private static boolean ipv6(String text) {
        try {
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean octets(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code host}, {@code host:port} or {@code [ipv6]:port} ({@code LEADJOBS_DNS_SERVER}), resolved once, here. */
    static InetSocketAddress dnsServer(String text) {
        String expectation = "a DNS server address such as 1.1.1.1, 1.1.1.1:53 or [2606:4700::1111]:53";
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw Setting.DNS_SERVER.invalid(expectation, quote(text));
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw Setting.DNS_SERVER.invalid(expectation, quote(text));
                }
                port = dnsPort(rest.substring(1), text, expectation);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = dnsPort(text.substring(text.indexOf(':') + 1), text, expectation);
        }
        boolean valid = HOST_NAME.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches());
        if (!valid) {
            throw Setting.DNS_SERVER.invalid(expectation, quote(text));
        }
        // Resolved once, here: the DNS client and the website probe send to an address, never to a name.
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw Setting.DNS_SERVER.invalid("a DNS server address that resolves (an IP address, or a host name"
                    + " the system resolver knows)", quote(text) + ", whose host '" + host + "' does not resolve");
        }
        return address;
    }

    private static int dnsPort(String port, String text, String expectation) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Setting.DNS_SERVER.invalid(expectation, quote(text));
    }
}
