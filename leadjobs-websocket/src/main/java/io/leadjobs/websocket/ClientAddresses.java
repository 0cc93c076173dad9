package io.leadjobs.websocket;

import io.leadjobs.core.LeadJobsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves the address a connection comes from. {@code X-Forwarded-For} is read only when the peer is one of
 * the configured trusted proxies; then the right-most address that is not itself a trusted proxy is the
 * client. Only IP literals are parsed: nothing here ever triggers a DNS lookup.
 */
final class ClientAddresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Cidr> trustedProxies;

    private ClientAddresses(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Trusted proxies as IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}). */
    static ClientAddresses trusting(List<String> proxies) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String proxy : proxies) {
            cidrs.add(Cidr.parse(proxy));
        }
        return new ClientAddresses(cidrs);
    }

    String resolve(String remoteAddress, Optional<String> forwardedFor) {
        Optional<InetAddress> peer = parseLiteral(remoteAddress);
        if (peer.isEmpty() || forwardedFor.isEmpty() || !trusted(peer.get())) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.get().split(",");
        String client = remoteAddress;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            Optional<InetAddress> address = parseLiteral(hop);
            if (address.isEmpty()) {
                return client;
            }
            client = address.get().getHostAddress();
            if (!trusted(address.get())) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static Optional<InetAddress> parseLiteral(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!IPV4.matcher(value).matches() && !IPV6.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", -1);
            Optional<InetAddress> address = parseLiteral(parts[0]);
            if (address.isEmpty() || parts.length > 2) {
                throw LeadJobsException.invalidSetting("trustedProxies", "IP addresses or CIDR blocks", "'" + text + "'");
            }
            byte[] bytes = address.get().getAddress();
            int prefix = bytes.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw LeadJobsException.invalidSetting("trustedProxies", "IP addresses or CIDR blocks", "'" + text + "'");
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
