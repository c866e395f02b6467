package io.s3migration.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1      | 127.0.0.1
            2130706433     | 127.0.0.1
            0177.0.0.1     | 127.0.0.1
            0x7f.1         | 127.0.0.1
            0x7F.0.0.0x1   | 127.0.0.1
            127.1          | 127.0.0.1
            127.0.1        | 127.0.0.1
            0              | 0.0.0.0
            0x             | 0.0.0.0
            10.0x10000     | 10.1.0.0
            017700000001   | 127.0.0.1
            4294967295     | 255.255.255.255
            169.254.43518  | 169.254.169.254
            """)
    void decodesEveryInetAtonSpelling(String text, String dotted) {
        assertEquals(dotted, IpLiteral.dottedDecimal(IpLiteral.decodeLegacyIpv4(text).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967296", "1.2.3.4.5", "256.1.1.1", "1.2.65536", "1.16777216", "08.1.1.1", "0x1g",
            "1..2", "", "99999999999999999999"})
    void refusesWhatInetAtonRefuses(String text) {
        assertTrue(IpLiteral.decodeLegacyIpv4(text).isEmpty(), text);
    }

    @ParameterizedTest(name = "{0} canonical: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.2.3.4        | true
            255.255.255.255| true
            01.2.3.4       | false
            1.2.3          | false
            1.2.3.256      | false
            """)
    void recognisesOnlyDottedDecimalAsCanonical(String text, boolean canonical) {
        assertEquals(canonical, IpLiteral.isCanonicalIpv4(text));
    }

    @ParameterizedTest(name = "{0} looks like IPv4: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com      | false
            s3.1e100.net     | false
            host.123         | true
            host.0x1f        | true
            2130706433       | true
            v1.example       | false
            """)
    void hostsEndingInANumberAreAddressAttempts(String host, boolean expected) {
        assertEquals(expected, IpLiteral.looksLikeIpv4(host));
    }
}
