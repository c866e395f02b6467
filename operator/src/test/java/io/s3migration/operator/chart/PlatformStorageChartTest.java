package io.s3migration.operator.chart;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.policy.EndpointPolicy;
import io.s3migration.operator.policy.PolicySettings;
import io.s3migration.operator.policy.Verdict;
import io.s3migration.operator.support.FixedHostResolver;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code platform.storage}: one setting generates the four the operator needs in step (its destination default, the
 * endpoint allowlist, the allowed destinations, the copy pod's private CIDRs), each still overridable; the
 * derivation is the chart helper {@code s3m.platformStorage}.
 */
class PlatformStorageChartTest {
    private static final String STORAGE = "https://minio.storage.svc:9000";
    private static final String ENDPOINT = "S3MIGRATION_PLATFORM_STORAGE_ENDPOINT";
    private static final String ALLOWLIST = "S3MIGRATION_POLICY_ALLOWED_ENDPOINTS";
    private static final String DESTINATIONS = "S3MIGRATION_POLICY_ALLOWED_DESTINATIONS";
    private static final String CIDRS = "S3MIGRATION_EGRESS_ALLOWED_CIDRS";

    @Test
    void oneSettingYieldsAllFourEffects() {
        Map<String, String> env = RenderedChart.render(values(
                "platform.storage.endpoint", STORAGE,
                "platform.storage.cidrs", List.of("10.20.0.0/16", "10.43.0.0/16"))).operatorEnv();

        assertEquals(STORAGE, env.get(ENDPOINT), "a destination without endpoint copies there");
        assertEquals(STORAGE, env.get(ALLOWLIST), "the endpoint as written: that scheme, host and port only");
        assertEquals(STORAGE, env.get(DESTINATIONS), "the platform's storage is the only destination");
        assertEquals("10.20.0.0/16,10.43.0.0/16", env.get(CIDRS));

        // And the operator reads them as intended: its own default destination passes, a third party does not,
        // and the copier's private ranges open to the storage's host.
        EndpointPolicy policy = policy(env, FixedHostResolver.withAnswers().answer("minio.storage.svc", "10.43.0.10"));
        assertAllowed(policy.check(STORAGE, EndpointPolicy.Role.DESTINATION));
        assertFalse(policy.check("https://s3.third-party.example", EndpointPolicy.Role.DESTINATION).allowed());
        assertEquals(Optional.of("minio.storage.svc"), policy.allowlistedHost(STORAGE));
        assertEquals(Optional.empty(), policy.allowlistedHost("https://minio.storage.svc:9001"), "another port is not the storage");
    }

    @Test
    void eachOverrideWins() {
        Map<String, String> env = RenderedChart.render(values(
                "platform.storage.endpoint", STORAGE,
                "platform.storage.cidrs", List.of("10.20.0.0/16"),
                "endpoints.allowlist", List.of("http://legacy-minio.team-a.svc:9000", STORAGE),
                "destinations.allowed", List.of("https://storage-eu.platform.example", "https://storage-us.platform.example"),
                "egress.allowedCidrs", List.of("10.30.0.0/16", "10.20.0.0/16"))).operatorEnv();

        assertEquals(STORAGE, env.get(ENDPOINT));
        assertEquals("http://legacy-minio.team-a.svc:9000," + STORAGE, env.get(ALLOWLIST),
                "the platform's own entries kept first, the storage added once");
        assertEquals("https://storage-eu.platform.example,https://storage-us.platform.example", env.get(DESTINATIONS),
                "a list given replaces the derived one");
        assertEquals("10.30.0.0/16,10.20.0.0/16", env.get(CIDRS), "the platform's own CIDRs kept first, the storage's added once");

        Map<String, String> anyDestination = RenderedChart.render(values(
                "platform.storage.endpoint", "https://storage.platform.example",
                "destinations.allowAny", true)).operatorEnv();
        assertEquals("https://storage.platform.example", anyDestination.get(ENDPOINT), "still the default destination");
        assertFalse(anyDestination.containsKey(DESTINATIONS), "no destination list: the operator allows any");
        assertEquals("https://storage.platform.example", anyDestination.get(ALLOWLIST));
        assertFalse(anyDestination.containsKey(CIDRS), "a storage on public addresses opens no private range");
    }

    @Test
    void anIpLiteralEndpointYieldsItsOwnAddress() {
        Map<String, String> v4 = RenderedChart.render(values("platform.storage.endpoint", "http://10.42.0.17:9000")).operatorEnv();
        assertEquals("10.42.0.17/32", v4.get(CIDRS));
        assertEquals("http://10.42.0.17:9000", v4.get(ALLOWLIST));
        assertAllowed(policy(v4, FixedHostResolver.withAnswers()).check("http://10.42.0.17:9000", EndpointPolicy.Role.DESTINATION));

        Map<String, String> v6 = RenderedChart.render(values(
                "platform.storage.endpoint", "https://[fd00:10::17]:9000",
                "platform.storage.cidrs", List.of("fd00:20::/64"))).operatorEnv();
        assertEquals("fd00:20::/64,fd00:10::17/128", v6.get(CIDRS));

        Map<String, String> covered = RenderedChart.render(values(
                "platform.storage.endpoint", "https://10.42.0.17",
                "egress.allowedCidrs", List.of("10.42.0.17/32"))).operatorEnv();
        assertEquals("10.42.0.17/32", covered.get(CIDRS), "listed once");
    }

    @Test
    void noStorageSetYieldsNothingExtra() {
        Map<String, String> defaults = RenderedChart.render(Map.of()).operatorEnv();
        for (String name : List.of(ENDPOINT, ALLOWLIST, DESTINATIONS, CIDRS)) {
            assertFalse(defaults.containsKey(name), name + " set without any value");
        }

        Map<String, String> manual = RenderedChart.render(values(
                "endpoints.allowlist", List.of("https://minio.platform.example"),
                "destinations.allowed", List.of("https://minio.platform.example"),
                "egress.allowedCidrs", List.of("10.20.0.0/16"))).operatorEnv();
        assertFalse(manual.containsKey(ENDPOINT));
        assertEquals("https://minio.platform.example", manual.get(ALLOWLIST), "the lists as set, nothing added");
        assertEquals("https://minio.platform.example", manual.get(DESTINATIONS));
        assertEquals("10.20.0.0/16", manual.get(CIDRS));
    }

    @Test
    void contradictionsFailTheInstallSayingWhy() {
        Exception both = assertThrows(Exception.class, () -> RenderedChart.render(values(
                "platform.storage.endpoint", "https://storage.platform.example",
                "destinations.allowAny", true,
                "destinations.allowed", List.of("https://storage.platform.example"))));
        assertTrue(both.getMessage().contains("destinations.allowAny=true lets MigrationJobs copy anywhere, but destinations.allowed"
                + " lists https://storage.platform.example: set one of the two"), both::getMessage);

        // A name inside the cluster resolves to private addresses: without a CIDR the NetworkPolicy drops every copy.
        Exception unreachable = assertThrows(Exception.class, () -> RenderedChart.render(values(
                "platform.storage.endpoint", STORAGE)));
        assertTrue(unreachable.getMessage().contains("platform.storage.endpoint " + STORAGE + " is a name inside the cluster,"
                + " and no CIDR lets the copy pods reach it: set platform.storage.cidrs"), unreachable::getMessage);
        RenderedChart.render(values("platform.storage.endpoint", STORAGE, "egress.allowedCidrs", List.of("10.0.0.0/8")));
    }

    @Test
    void theDemoNamesItsStorageOnce() throws Exception {
        Map<String, Object> demo = new KubernetesSerialization().unmarshal(
                Files.readString(Repository.EXAMPLES.resolve("demo/values.yaml")), Map.class);
        Map<String, String> env = RenderedChart.render(demo).operatorEnv();
        String source = "http://minio-source.demo-storage.svc.cluster.local:9000";
        String destination = "http://minio-destination.demo-storage.svc.cluster.local:9000";
        assertEquals(destination, env.get(ENDPOINT), "demo/migration.yaml names no destination endpoint");
        assertEquals(source + "," + destination, env.get(ALLOWLIST));
        assertEquals(destination, env.get(DESTINATIONS));
        assertEquals("10.0.0.0/8", env.get(CIDRS));
    }

    @Test
    void theArgoCdApplicationsValuesRender() throws Exception {
        String file = Files.readString(Repository.EXAMPLES.resolve("argocd/application.yaml"));
        Map<String, Object> application = new KubernetesSerialization().unmarshal(file.split("(?m)^---\\s*$")[0], Map.class);
        Map<String, Object> values = path(application, "spec", "source", "helm", "valuesObject");
        Map<String, String> env = RenderedChart.render(values).operatorEnv();
        assertEquals("https://storage.platform.example", env.get(ENDPOINT));
        assertEquals("https://storage.platform.example", env.get(DESTINATIONS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> node, String... keys) {
        for (String key : keys) {
            node = (Map<String, Object>) node.get(key);
        }
        return node;
    }

    private static EndpointPolicy policy(Map<String, String> env, FixedHostResolver resolver) {
        return new EndpointPolicy(new PolicySettings(list(env.get(ALLOWLIST)), List.of(), list(env.get(DESTINATIONS)), List.of()),
                resolver);
    }

    private static List<String> list(String commaJoined) {
        return commaJoined == null ? List.of() : Arrays.asList(commaJoined.split(","));
    }

    private static void assertAllowed(Verdict verdict) {
        assertTrue(verdict.allowed(), verdict::message);
    }
}
