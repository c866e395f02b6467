package io.s3migration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8        | 10.255.255.255          | true
            10.0.0.0/8        | 11.0.0.0                | false
            100.64.0.0/10     | 100.127.255.255         | true
            100.64.0.0/10     | 100.128.0.0             | false
            172.16.0.0/12     | 172.31.0.1              | true
            172.16.0.0/12     | 172.32.0.1              | false
            192.168.1.77/24   | 192.168.1.1             | true
            192.168.1.7       | 192.168.1.7             | true
            192.168.1.7       | 192.168.1.8             | false
            0.0.0.0/0         | 8.8.8.8                 | true
            0.0.0.0/0         | ::1                     | false
            fc00::/7          | fdff:ffff::1            | true
            fc00::/7          | fe00::1                 | false
            fe80::/10         | febf::1                 | true
            fe80::/10         | fec0::1                 | false
            2001:db8:42::/48  | 2001:db8:42:ffff::1     | true
            2001:db8:42::/48  | 2001:db8:43::1          | false
            ::1/128           | ::1                     | true
            ::/0              | 10.0.0.1                | false
            """)
    void containment(String cidr, String address, boolean expected) {
        assertEquals(expected, Cidr.parse(cidr).contains(Cidr.literal(address).orElseThrow()));
    }

    @Test
    void masksHostBitsAndPrintsTheNetwork() {
        assertEquals("192.168.1.0/24", Cidr.parse("192.168.1.77/24").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(" 10.1.2.3/8 "));
        assertEquals(128, Cidr.parse("::1").prefixLength());
        assertTrue(Cidr.parse("10.0.0.0/8").isIpv4());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "fc00::/129", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0/8", "010.0.0.0/8",
            "example.com/24", "10.0.0.0/8/8", "fe80::1%eth0/64"})
    void refusesMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(text.trim()), e.getMessage());
    }
}
