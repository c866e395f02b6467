package io.s3migration.operator.policy;

import io.s3migration.operator.support.FixedHostResolver;
import io.s3migration.operator.api.StatusReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3migration.operator.policy.EndpointPolicy.Role;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF corpus: each endpoint is accepted or refused for a stated reason, checked by reason code and by a
 * fragment of the message the tenant reads. The platform here allowlists its storage (one in-cluster http endpoint,
 * one public name resolving to a private address), allows http for one legacy host, restricts destinations, and
 * blocks its service (198.51.100.0/24) and pod (2001:db8:42::/48) networks.
 */
class EndpointPolicyCorpusTest {

    private static final PolicySettings SETTINGS = new PolicySettings(
            List.of("http://minio.storage.svc:9000", "https://storage.platform.example"),
            List.of("legacy.example.org"),
            List.of("https://storage.platform.example", "*.dest.example.com"),
            List.of("198.51.100.0/24", "2001:db8:42::/48"));

    private static final FixedHostResolver DNS = FixedHostResolver.withAnswers()
            .answer("s3.eu-west-1.amazonaws.com", "52.218.1.1")
            .answer("s3.public.example", "93.184.216.34")
            .answer("v6public.example", "2606:4700::1111")
            .answer("legacy.example.org", "93.184.216.35")
            .answer("xyz.dest.example.com", "93.184.216.36", "2606:4700::1112")
            .answer("storage.platform.example", "10.1.2.3")
            .answer("rebind.example", "93.184.216.34", "10.0.0.5")
            .answer("metadata.attacker.example", "169.254.169.254")
            .answer("internal-db.example", "192.168.1.10")
            .answer("cgnat.example", "100.64.0.1")
            .answer("svc-ip.example", "198.51.100.7")
            .answer("pod6.example", "2001:db8:42::5")
            .answer("v6ula.example", "fd00::1")
            .answer("nat64.example", "64:ff9b::a00:1")
            .answer("sixtofour.example", "2002:7f00:1::")
            .answer("empty-answer.example");

    private final EndpointPolicy policy = new EndpointPolicy(SETTINGS, DNS);

    /** A refusal the tenant reads: the endpoint, a verb saying what is wrong with it, then after a colon what to do. */
    private static final Pattern SENTENCE = Pattern.compile(
            "(source|destination) endpoint( \"[^\"]*\")? (is|has|contains|must|uses|ends|resolves|cannot) [^:]+.*: \\S.*");

    @ParameterizedTest(name = "[{index}] {1} {0} -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # accepted
            https://s3.eu-west-1.amazonaws.com               | SOURCE      | ALLOW              | resolves only to public addresses
            https://s3.public.example:8443                   | SOURCE      | ALLOW              | resolves only to public addresses
            HTTPS://S3.EU-WEST-1.AMAZONAWS.COM/              | SOURCE      | ALLOW              | public addresses
            https://s3.eu-west-1.amazonaws.com.              | SOURCE      | ALLOW              | public addresses
            https://93.184.216.34                            | SOURCE      | ALLOW              | is a public address
            https://[2606:4700::1111]:443                    | SOURCE      | ALLOW              | is a public address
            https://v6public.example                         | SOURCE      | ALLOW              | public addresses
            http://legacy.example.org                        | SOURCE      | ALLOW              | public addresses
            http://minio.storage.svc:9000                    | SOURCE      | ALLOW              | allowlisted by the operator config
            https://storage.platform.example                 | DESTINATION | ALLOW              | allowlisted by the operator config
            https://STORAGE.platform.example:443/            | DESTINATION | ALLOW              | allowlisted by the operator config
            https://xyz.dest.example.com                     | DESTINATION | ALLOW              | public addresses
            https://[2002:5db8:d822::1]                      | SOURCE      | ALLOW              | is a public address
            # not a usable URL
            ''                                               | SOURCE      | InvalidEndpoint    | source endpoint is empty
            ftp://s3.public.example                          | SOURCE      | InvalidEndpoint    | must start with https:// (got ftp://)
            s3.public.example                                | SOURCE      | InvalidEndpoint    | must start with https:// (got no scheme)
            https://user:pass@s3.public.example              | SOURCE      | InvalidEndpoint    | user information
            https://s3.public.example@127.0.0.1              | SOURCE      | InvalidEndpoint    | user information
            https://s3.public.example?x-id=1                 | SOURCE      | InvalidEndpoint    | contains a query
            https://127.0.0.1#@s3.public.example             | SOURCE      | InvalidEndpoint    | contains a query
            https://s3.public.example/photos                 | SOURCE      | InvalidEndpoint    | contains a path (/photos)
            https://s3_bad.example                           | SOURCE      | InvalidEndpoint    | has no valid host name
            https://%6c%6fcalhost                            | SOURCE      | InvalidEndpoint    | has no valid host name
            https://exa mple.com                             | SOURCE      | InvalidEndpoint    | is not a valid URL
            https://s3.public.example:0                      | SOURCE      | InvalidEndpoint    | has port 0
            https://s3.public.example:99999                  | SOURCE      | InvalidEndpoint    | has port 99999
            https://2130706433                               | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 127.0.0.1
            https://0177.0.0.1                               | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 127.0.0.1
            https://0x7f.1                                   | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 127.0.0.1
            https://127.1                                    | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 127.0.0.1
            https://0xa9fea9fe                               | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 169.254.169.254
            https://0                                        | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 0.0.0.0
            https://user@0x7f.1                              | SOURCE      | InvalidEndpoint    | user information
            https://0x7f.1:8443                              | SOURCE      | InvalidEndpoint    | non-standard spelling of the address 127.0.0.1
            https://[fe80::1%25eth0]                         | SOURCE      | InvalidEndpoint    | zone IDs are not allowed
            https://1.2.3.4.5                                | SOURCE      | InvalidEndpoint    | is not a valid IPv4 address
            https://256.1.1.1                                | SOURCE      | InvalidEndpoint    | is not a valid IPv4 address
            https://does-not-exist.example                   | SOURCE      | EndpointUnresolved | does not resolve
            https://empty-answer.example                     | SOURCE      | EndpointUnresolved | does not resolve
            # valid, but the policy forbids it
            http://s3.public.example                         | SOURCE      | EndpointNotAllowed | uses plain http
            http://legacy.example.org.evil.example           | SOURCE      | EndpointNotAllowed | uses plain http
            https://localhost                                | SOURCE      | EndpointNotAllowed | is localhost
            https://LOCALHOST.:8080                          | SOURCE      | EndpointNotAllowed | is localhost
            https://app.localhost                            | SOURCE      | EndpointNotAllowed | internal name (*.localhost)
            https://minio.team-a.svc                         | SOURCE      | EndpointNotAllowed | internal name (*.svc)
            https://minio.team-a.svc.cluster.local:9000      | SOURCE      | EndpointNotAllowed | internal name (*.local)
            https://metadata.google.internal                 | SOURCE      | EndpointNotAllowed | internal name (*.internal)
            https://minio:9000                               | SOURCE      | EndpointNotAllowed | single-label name
            https://127.0.0.1                                | SOURCE      | EndpointNotAllowed | a loopback address
            https://10.0.0.1                                 | SOURCE      | EndpointNotAllowed | a private address (RFC 1918)
            https://172.16.5.4                               | SOURCE      | EndpointNotAllowed | a private address (RFC 1918)
            https://192.168.0.1                              | SOURCE      | EndpointNotAllowed | a private address (RFC 1918)
            https://169.254.169.254                          | SOURCE      | EndpointNotAllowed | link-local address
            https://100.64.0.1                               | SOURCE      | EndpointNotAllowed | carrier-grade NAT
            https://224.0.0.1                                | SOURCE      | EndpointNotAllowed | a multicast address
            https://0.0.0.0                                  | SOURCE      | EndpointNotAllowed | unspecified
            https://255.255.255.255                          | SOURCE      | EndpointNotAllowed | broadcast
            https://[::1]                                    | SOURCE      | EndpointNotAllowed | the IPv6 loopback address
            https://[::]                                     | SOURCE      | EndpointNotAllowed | the unspecified IPv6 address
            https://[fd00::1]                                | SOURCE      | EndpointNotAllowed | unique local address
            https://[fe80::1]                                | SOURCE      | EndpointNotAllowed | IPv6 link-local
            https://[ff02::1]                                | SOURCE      | EndpointNotAllowed | IPv6 multicast
            https://[::ffff:127.0.0.1]                       | SOURCE      | EndpointNotAllowed | a loopback address
            https://[::ffff:a9fe:a9fe]                       | SOURCE      | EndpointNotAllowed | link-local address
            https://[::7f00:1]                               | SOURCE      | EndpointNotAllowed | IPv4-compatible
            https://[64:ff9b::a00:1]                         | SOURCE      | EndpointNotAllowed | embedded in the IPv6 address
            https://[64:ff9b:1::a00:1]                       | SOURCE      | EndpointNotAllowed | local-use NAT64
            https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]   | SOURCE      | EndpointNotAllowed | Teredo
            https://metadata.attacker.example                | SOURCE      | EndpointNotAllowed | resolves to 169.254.169.254, a link-local
            https://internal-db.example                      | SOURCE      | EndpointNotAllowed | resolves to 192.168.1.10, a private
            https://rebind.example                           | SOURCE      | EndpointNotAllowed | resolves to 10.0.0.5, a private
            https://cgnat.example                            | SOURCE      | EndpointNotAllowed | carrier-grade NAT
            https://svc-ip.example                           | SOURCE      | EndpointNotAllowed | cluster network 198.51.100.0/24
            https://198.51.100.7                             | SOURCE      | EndpointNotAllowed | cluster network 198.51.100.0/24
            https://pod6.example                             | SOURCE      | EndpointNotAllowed | cluster network 2001:db8:42::/48
            https://v6ula.example                            | SOURCE      | EndpointNotAllowed | unique local address
            https://nat64.example                            | SOURCE      | EndpointNotAllowed | private address (RFC 1918), embedded in the IPv6 address
            https://sixtofour.example                        | SOURCE      | EndpointNotAllowed | a loopback address, embedded
            https://storage.platform.example:8443            | SOURCE      | EndpointNotAllowed | resolves to 10.1.2.3, a private
            https://s3.public.example                        | DESTINATION | EndpointNotAllowed | not one of the destinations this platform allows
            http://minio.storage.svc:9000                    | DESTINATION | EndpointNotAllowed | not one of the destinations this platform allows
            https://dest.example.com                         | DESTINATION | EndpointNotAllowed | not one of the destinations this platform allows
            """)
    void decides(String endpoint, Role role, String expected, String messageFragment) {
        Verdict verdict = policy.check(endpoint, role);

        if (expected.equals("ALLOW")) {
            assertTrue(verdict.allowed(), () -> "expected allowed, got " + verdict);
            assertNull(verdict.reason());
        } else {
            assertEquals(false, verdict.allowed(), () -> "expected refused, got " + verdict);
            assertEquals(StatusReason.valueOf(expected), verdict.reason(), verdict::message);
            assertTrue(SENTENCE.matcher(verdict.message()).matches(),
                    () -> "refusal \"" + verdict.message() + "\" should say what is wrong (a verb after the endpoint) and, after a colon, what to do");
        }
        assertTrue(verdict.message().contains(messageFragment),
                () -> "message \"" + verdict.message() + "\" should contain \"" + messageFragment + "\"");
    }
}
