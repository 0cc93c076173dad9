package io.leadjobs.core.osint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {

    private final AddressGuard strict = new AddressGuard(false, Set.of());
    private final AddressGuard intranet = new AddressGuard(true, Set.of());

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.1, loopback",
        "10.20.30.40, private",
        "172.31.255.255, private",
        "192.168.0.1, private",
        "169.254.1.1, link-local",
        "100.64.0.1, shared (CGNAT)",
        "100.127.255.254, shared (CGNAT)",
        "192.0.0.8, IETF protocol",
        "198.18.0.1, benchmarking",
        "::1, loopback",
        "fe80::1, link-local",
        "fc00::1, unique-local",
        "fd12:3456::1, unique-local",
        "::ffff:10.0.0.1, private",
        "::10.0.0.1, private",
        "64:ff9b::a00:1, private",
        "2002:7f00:1::, loopback"})
    void refusesPrivateRangesUnlessAllowed(String address, String kind) throws Exception {
        InetAddress a = InetAddress.getByName(address);

        assertThat(strict.refusal(a, 80)).hasValueSatisfying(r -> assertThat(r).startsWith(kind));
        assertThat(intranet.refusal(a, 80)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254",
        "0.0.0.0", "0.1.2.3", "::", "224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255", "240.0.0.1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "::ffff:169.254.169.254"})
    void refusesMetadataMulticastUnspecifiedAndReservedEvenForIntranets(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);

        assertThat(strict.refusal(a, 80)).isPresent();
        assertThat(intranet.refusal(a, 80)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.63.255.255", "172.32.0.1", "2606:4700::6810:85e5", "64:ff9b::808:808"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.refusal(InetAddress.getByName(address), 443)).isEmpty();
    }
}
