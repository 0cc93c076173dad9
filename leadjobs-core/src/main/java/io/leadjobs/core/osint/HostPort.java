package io.leadjobs.core.osint;

import io.leadjobs.core.LeadJobsException;
import java.net.InetSocketAddress;

/** Parses {@code host:port}, {@code host}, {@code [v6]:port} settings, failing with a sentence that names the setting. */
final class HostPort {

    private HostPort() {
    }

    static InetSocketAddress parse(String setting, String value, int defaultPort) {
        String v = value.strip();
        String host;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw bad(setting, value);
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(setting, value);
                }
                port = rest.substring(1);
            }
        } else {
            int colon = v.lastIndexOf(':');
            if (colon >= 0 && v.indexOf(':') != colon) {
                host = v; // a bare IPv6 address
            } else if (colon >= 0) {
                host = v.substring(0, colon);
                port = v.substring(colon + 1);
            } else {
                host = v;
            }
        }
        if (host.isEmpty()) {
            throw bad(setting, value);
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(setting, value);
            }
            if (p < 1 || p > 65_535) {
                throw LeadJobsException.invalidSetting(setting + "'s port", "between 1 and 65535", p);
            }
        }
        InetSocketAddress address = new InetSocketAddress(host, p);
        if (address.isUnresolved()) {
            throw new LeadJobsException(setting + " names a host that does not resolve: '" + host + "'");
        }
        return address;
    }

    /** A socket address the resolver can send to: an unresolved one (a bare host name) is resolved here, once. */
    static InetSocketAddress requireResolved(String setting, InetSocketAddress address) {
        if (!address.isUnresolved()) {
            return address;
        }
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new LeadJobsException(setting + " names a host that does not resolve: '" + address.getHostString() + "'");
        }
        return resolved;
    }

    private static LeadJobsException bad(String setting, String value) {
        return LeadJobsException.invalidSetting(setting, "host:port such as 127.0.0.1:53 or [::1]:53", "'" + value + "'");
    }
}
