package io.leadjobs.core.osint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * The SSRF guard: says which resolved addresses the website probe must never connect to. Unspecified,
 * multicast, broadcast, reserved and cloud metadata addresses are always refused; loopback, private,
 * link-local, CGNAT, unique-local and the other special-purpose ranges are refused unless private
 * addresses are allowed (tests, intranets). IPv6 forms that embed an IPv4 address (mapped, compatible,
 * NAT64, 6to4) are judged by the IPv4 address inside.
 */
final class AddressGuard {

    private static final Set<String> METADATA = Set.of(
            "169.254.169.254", // AWS, GCP, Azure, OpenStack, DigitalOcean...
            "169.254.170.2", // AWS ECS task metadata
            "100.100.100.200", // Alibaba Cloud
            "192.0.0.192", // Oracle Cloud
            "fd00:ec2:0:0:0:0:0:254"); // AWS over IPv6

    private final boolean allowPrivate;
    private final Set<InetSocketAddress> trustedEndpoints;

    AddressGuard(boolean allowPrivate, Set<InetSocketAddress> trustedEndpoints) {
        this.allowPrivate = allowPrivate;
        this.trustedEndpoints = Set.copyOf(trustedEndpoints);
    }

    boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why connecting to this address and port is refused, or empty when it is allowed. */
    Optional<String> refusal(InetAddress address, int port) {
        if (trustedEndpoints.contains(new InetSocketAddress(address, port))) {
            return Optional.empty();
        }
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get(), port).map(r -> r + " (inside " + address.getHostAddress() + ")");
        }
        String text = address.getHostAddress();
        if (METADATA.contains(text)) {
            return Optional.of("cloud metadata address " + text);
        }
        Optional<String> always = alwaysRefused(address);
        if (always.isPresent()) {
            return always.map(kind -> kind + " address " + text);
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        return privateKind(address).map(kind -> kind + " address " + text);
    }

    private static Optional<String> alwaysRefused(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of("Teredo"); // 2001::/32 hides the real IPv4 target
        }
        return Optional.empty();
    }

    private static Optional<String> privateKind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        byte[] b = a.getAddress();
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (a instanceof Inet4Address) {
            int b2 = b[2] & 0xff;
            if (b0 == 100 && b1 >= 64 && b1 <= 127) {
                return Optional.of("shared (CGNAT)");
            }
            if (b0 == 192 && b1 == 0 && b2 == 0) {
                return Optional.of("IETF protocol");
            }
            if (b0 == 198 && (b1 == 18 || b1 == 19)) {
                return Optional.of("benchmarking");
            }
            if ((b0 == 192 && b1 == 0 && b2 == 2) || (b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113)) {
                return Optional.of("documentation");
            }
            return Optional.empty();
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("documentation");
        }
        if (b0 == 0x01 && b1 == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Optional.of("discard-only");
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries: IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
    static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        byte[] v4 = null;
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (firstTenZero && b[10] == 0 && b[11] == 0 && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
