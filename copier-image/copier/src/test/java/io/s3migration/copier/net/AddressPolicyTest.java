package io.s3migration.copier.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPolicyTest {
    static final AddressPolicy STRICT = new AddressPolicy(List.of(), List.of(), List.of());
    static final String STORAGE = "storage.platform.example";

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.0.1",
            "224.0.0.1", "255.255.255.255", "::1", "::", "fd00:ec2::254", "fc00::1", "fe80::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.1.2.3", "::127.0.0.1", "192.0.0.170",
            // what the copier learnt from the operator's list: NAT64 and 6to4 forms of the metadata address,
            // benchmarking, site-local, Teredo, discard-only
            "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "2002:a9fe:a9fe::1", "198.18.0.1", "fec0::1", "2001::1", "100::1"})
    void refusesInternalAddresses(String address) throws Exception {
        assertTrue(STRICT.refusal("s3.example.com", InetAddress.getByName(address)).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"52.216.0.1", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.0",
            "192.169.0.1", "169.253.255.255", "2600:1f18::1", "2001:db8::1", "::ffff:52.216.0.1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertEquals(java.util.Optional.empty(), STRICT.refusal("s3.example.com", InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1/32, 127.0.0.1, true", "127.0.0.1/32, 127.0.0.2, false", "10.1.0.0/16, 10.1.200.3, true",
            "10.1.0.0/16, 10.2.0.1, false", "fd00::/8, fd00::5, true", "10.0.0.5, 10.0.0.5, true",
            "127.0.0.1/32, ::ffff:127.0.0.1, true"})
    void allowlistOpensExactlyItsRange(String cidr, String address, boolean allowed) throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of(cidr), List.of(STORAGE), List.of());
        assertEquals(allowed, policy.refusal(STORAGE, InetAddress.getByName(address)).isEmpty(), cidr + " " + address);
    }

    @ParameterizedTest
    @CsvSource({"storage.platform.example, true", "STORAGE.platform.example., true", "photos.storage.platform.example, true",
            "s3.example.com, false", "evilstorage.platform.example, false", "storage.platform.example.evil.com, false"})
    void allowlistOpensItsRangeOnlyToTheAllowlistedHostsAndTheirBuckets(String host, boolean allowed) throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("10.20.0.0/16"), List.of(STORAGE), List.of());
        assertEquals(allowed, policy.refusal(host, InetAddress.getByName("10.20.1.5")).isEmpty(), host);
    }

    @Test
    void anAllowlistedAddressLiteralHasNoSubdomains() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("10.20.0.0/16"), List.of("10.20.1.5"), List.of());
        assertTrue(policy.refusal("10.20.1.5", InetAddress.getByName("10.20.1.5")).isEmpty());
        assertTrue(policy.refusal("x.10.20.1.5", InetAddress.getByName("10.20.1.5")).isPresent());
    }

    @Test
    void thePlatformsBlockedNetworksAreRefusedTooNamingTheSetting() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of(), List.of(), List.of("203.0.113.0/24"));
        assertEquals("203.0.113.9 is in a network the platform blocks (203.0.113.0/24, S3M_BLOCKED_ADDRESSES)",
                policy.refusal("s3.example.com", InetAddress.getByName("203.0.113.9")).orElseThrow());
        assertTrue(policy.refusal("s3.example.com", InetAddress.getByName("203.0.114.9")).isEmpty());
    }

    @Test
    void refusalSaysWhy() throws Exception {
        assertEquals("169.254.169.254 is a link-local address (where cloud metadata services such as 169.254.169.254 live)",
                STRICT.refusal("s3.example.com", InetAddress.getByName("169.254.169.254")).orElseThrow());
        assertEquals("169.254.169.254 is a link-local address (where cloud metadata services such as 169.254.169.254"
                        + " live), embedded in the IPv6 address 64:ff9b:0:0:0:0:a9fe:a9fe",
                STRICT.refusal("s3.example.com", InetAddress.getByName("64:ff9b::a9fe:a9fe")).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/33", "10.0.0.0/x", "", "example.com/8"})
    void malformedAllowlistIsRejected(String cidr) {
        var e = assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of(cidr), List.of(STORAGE), List.of()));
        assertTrue(e.getMessage().startsWith("S3M_ALLOWED_ADDRESSES: "), e.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of(), List.of(), List.of(cidr)));
        assertTrue(b.getMessage().startsWith("S3M_BLOCKED_ADDRESSES: "), b.getMessage());
    }
}
