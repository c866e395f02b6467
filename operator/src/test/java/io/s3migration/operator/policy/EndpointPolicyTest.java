package io.s3migration.operator.policy;

import io.s3migration.operator.support.FixedHostResolver;
import io.s3migration.operator.api.StatusReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s3migration.operator.policy.EndpointPolicy.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the settings shape the policy, beyond the corpus. */
class EndpointPolicyTest {

    private final FixedHostResolver dns = FixedHostResolver.withAnswers()
            .answer("s3.public.example", "93.184.216.34")
            .answer("storage.platform.example", "10.1.2.3")
            .answer("a.storage.platform.example", "10.1.2.4");

    @Test
    void strictSettingsAllowAnyPublicHttpsDestination() {
        EndpointPolicy policy = new EndpointPolicy(PolicySettings.strict(), dns);

        assertTrue(policy.check("https://s3.public.example", Role.DESTINATION).allowed());
        assertEquals(StatusReason.EndpointNotAllowed,
                policy.check("https://storage.platform.example", Role.DESTINATION).reason());
    }

    @Test
    void destinationListDoesNotRestrictSources() {
        EndpointPolicy policy = new EndpointPolicy(
                new PolicySettings(null, null, List.of("https://storage.platform.example"), null), dns);

        assertTrue(policy.check("https://s3.public.example", Role.SOURCE).allowed());
        Verdict destination = policy.check("https://s3.public.example", Role.DESTINATION);
        assertFalse(destination.allowed());
        assertTrue(destination.message().contains("https://storage.platform.example"), destination.message());
    }

    @Test
    void wildcardAllowlistCoversSubdomainsButNotTheDomainItself() {
        EndpointPolicy policy = new EndpointPolicy(
                new PolicySettings(List.of("*.storage.platform.example"), null, null, null), dns);

        assertTrue(policy.check("https://a.storage.platform.example", Role.SOURCE).allowed());
        assertFalse(policy.check("https://storage.platform.example", Role.SOURCE).allowed());
        assertFalse(policy.check("https://a.storage.platform.example.evil", Role.SOURCE).allowed());
    }

    @Test
    void allowlistedHostNamesTheConcreteHostOfAnAllowlistedEndpointOnly() {
        EndpointPolicy policy = new EndpointPolicy(new PolicySettings(
                List.of("*.storage.platform.example", "https://minio.platform.example:9000"), null, null, null), dns);

        assertEquals(java.util.Optional.of("a.storage.platform.example"), policy.allowlistedHost("https://A.storage.platform.example"));
        assertEquals(java.util.Optional.of("minio.platform.example"), policy.allowlistedHost("https://minio.platform.example:9000"));
        assertEquals(java.util.Optional.empty(), policy.allowlistedHost("https://minio.platform.example:9001"), "another port");
        assertEquals(java.util.Optional.empty(), policy.allowlistedHost("https://s3.public.example"));
        assertEquals(java.util.Optional.empty(), policy.allowlistedHost("https://a.storage.platform.example/path"), "malformed");
        assertEquals(java.util.Optional.empty(), policy.allowlistedHost(null));
    }

    @Test
    void allowingHttpForAHostStillChecksItsAddresses() {
        EndpointPolicy policy = new EndpointPolicy(
                new PolicySettings(null, List.of("storage.platform.example"), null, null), dns);

        Verdict verdict = policy.check("http://storage.platform.example", Role.SOURCE);
        assertEquals(StatusReason.EndpointNotAllowed, verdict.reason());
        assertTrue(verdict.message().contains("resolves to 10.1.2.3"), verdict.message());
    }

    @Test
    void literalsAndInternalNamesNeverReachTheResolver() {
        EndpointPolicy policy = new EndpointPolicy(PolicySettings.strict(), dns);

        for (String endpoint : List.of("https://127.0.0.1", "https://[::1]", "https://0x7f.1", "https://localhost",
                "https://minio.ns.svc", "https://minio", "https://user@s3.public.example")) {
            assertFalse(policy.check(endpoint, Role.SOURCE).allowed(), endpoint);
        }
        assertEquals(List.of(), dns.asked);
        policy.check("https://S3.Public.Example.", Role.SOURCE);
        assertEquals(List.of("s3.public.example"), dns.asked);
    }

    @Test
    void addressLiteralRefusalIsASentenceWithItsRemedy() {
        EndpointPolicy policy = new EndpointPolicy(PolicySettings.strict(), dns);

        assertEquals("source endpoint \"https://10.244.0.9:8080\" is a private address (RFC 1918), which tenant migrations"
                        + " may not reach: use the storage's public endpoint, or ask the platform team to allowlist it"
                        + " (operator config allowedEndpoints)",
                policy.check("https://10.244.0.9:8080", Role.SOURCE).message());
        assertTrue(policy.check("https://[::1]", Role.DESTINATION).message()
                .startsWith("destination endpoint \"https://[::1]\" is the IPv6 loopback address, which"));
    }

    @Test
    void malformedSettingsFailAtStartupNamingTheEntry() {
        IllegalArgumentException cidr = assertThrows(IllegalArgumentException.class,
                () -> new EndpointPolicy(new PolicySettings(null, null, null, List.of("10.96.0.0/33")), dns));
        assertTrue(cidr.getMessage().contains("10.96.0.0/33"), cidr.getMessage());
        IllegalArgumentException entry = assertThrows(IllegalArgumentException.class,
                () -> new EndpointPolicy(new PolicySettings(List.of("https://"), null, null, null), dns));
        assertTrue(entry.getMessage().contains("https://"), entry.getMessage());
    }

    @Test
    void settingsIgnoreBlankEntries() {
        PolicySettings settings = new PolicySettings(List.of(" ", "https://storage.platform.example "), null, null, null);

        assertEquals(List.of("https://storage.platform.example"), settings.allowedEndpoints());
        assertEquals(List.of(), settings.blockedCidrs());
    }
}
