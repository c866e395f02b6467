package io.s3migration.operator.mockapi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Options;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.reconcile.Conditions;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CopierSettings;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's limits (chart values limits.*) in the operator, for clusters where the chart's admission policy is off:
 * a field left out takes the platform's default, a value above the maximum holds the migration (LimitExceeded, the
 * maximum and the fix in the message) until it is lowered.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(PlatformLimitsLifecycleTest.WithLimits.class)
class PlatformLimitsLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class WithLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("s3migration.limits.concurrency-default", "4", "s3migration.limits.concurrency-max", "32",
                    "s3migration.limits.bandwidth-limit-default", "50Mi", "s3migration.limits.bandwidth-limit-max", "100Mi");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void fieldsLeftOutTakeThePlatformsDefaults() {
        String ns = "limits-defaults";
        MigrationJob mj = Fixtures.migration("plain", ns);
        mj.setSpec(mj.getSpec().withOptions(Options.DEFAULTS));
        Fixtures.createSecrets(client, "plain", ns);
        client.resource(mj).create();
        Map<String, String> env = Fixtures.env(awaitJob(ns, "plain-preflight"));
        assertEquals("4", env.get(CopierSettings.CONCURRENCY.variable()));
        assertEquals(Long.toString(50L * 1024 * 1024), env.get(CopierSettings.BANDWIDTH_LIMIT.variable()));
    }

    @Test
    void aValueAboveTheMaximumHoldsTheMigrationUntilItIsLowered() {
        String ns = "limits-max";
        MigrationJob mj = Fixtures.migration("greedy", ns);
        mj.setSpec(mj.getSpec().withOptions(new Options(64)));
        Fixtures.createSecrets(client, "greedy", ns);
        client.resource(mj).create();
        MigrationJobStatus held = awaitStatus(ns, "greedy", s -> StatusReason.LimitExceeded.name().equals(s.reason()));
        assertEquals(Phase.Pending, held.phase());
        assertEquals("spec.options.concurrency 64 is above this platform's maximum of 32 per migration: set it to 32 or less,"
                + " or leave it out for the default of 4", held.message());
        assertEquals("True", Conditions.find(held.conditions(), Conditions.STALLED).orElseThrow().getStatus());
        assertNull(client.batch().v1().jobs().inNamespace(ns).withName("greedy-preflight").get(), "nothing runs");

        Fixtures.editSpec(client, ns, "greedy", spec -> spec.withOptions(new Options(32).withBandwidthLimit("200Mi")));
        MigrationJobStatus bandwidth = awaitStatus(ns, "greedy", s -> s.message().contains("bandwidthLimit"));
        assertTrue(bandwidth.message().contains("maximum of 100Mi (bytes per second) per migration: set it to 100Mi or less"),
                bandwidth.message());

        Fixtures.editSpec(client, ns, "greedy", spec -> spec.withOptions(new Options(32).withBandwidthLimit("1Mi")));
        Map<String, String> env = Fixtures.env(awaitJob(ns, "greedy-preflight"));
        assertEquals("32", env.get(CopierSettings.CONCURRENCY.variable()));
        assertEquals(Long.toString(1024 * 1024), env.get(CopierSettings.BANDWIDTH_LIMIT.variable()));
    }

    private io.fabric8.kubernetes.api.model.batch.v1.Job awaitJob(String ns, String name) {
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    private MigrationJobStatus awaitStatus(String ns, String name, Predicate<MigrationJobStatus> condition) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName(name).get();
            return mj != null && mj.getStatus() != null && condition.test(mj.getStatus());
        });
        return client.resources(MigrationJob.class).inNamespace(ns).withName(name).get().getStatus();
    }
}
