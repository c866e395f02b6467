package io.s3migration.operator.cluster;

import io.s3migration.operator.api.StatusReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.resources.TenantCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof 11: bad input on the real cluster ends in the documented phase and reason, starts no pod (or, for a wrong
 * secret key, a failed pre-flight pod whose reason names the credential), and no secret value shows anywhere a
 * tenant or the platform team can read: status, Events, the operator's log, the copier's log, the Job.
 */
@ExtendWith(RealClusterAvailable.class)
class BadInputOnRealClusterTest {

    @Test
    void aMissingSecretAPrivateEndpointAndAWrongSecretKeyEachEndAsDocumentedAndNoSecretLeaks() {
        Tenant tenant = Tenant.create("t-bad");
        RealCluster cluster = tenant.cluster();
        new Rclone(cluster.storage).seed("bad", "", 3, 512);
        String wrongSecret = "wrong-" + UUID.randomUUID();
        cluster.apply(tenant.secretYaml(Tenant.SOURCE_SECRET, cluster.storage.source().accessKeyId(), wrongSecret)
                + "---\n" + tenant.secretYaml(Tenant.DESTINATION_SECRET, cluster.storage.destination().accessKeyId(),
                cluster.storage.destination().secretAccessKey()));

        cluster.apply(tenant.migrationYaml("no-secret", cluster.storage.source().endpoint(), "bad", "")
                .replace("name: " + Tenant.SOURCE_SECRET, "name: does-not-exist"));
        cluster.apply(tenant.migrationYaml("private-endpoint", "https://10.1.2.3:9000", "bad", ""));
        tenant.applyMigration("wrong-key", "bad", "");

        MigrationJob noSecret = tenant.awaitPhase("no-secret", Phase.Pending);
        assertTrue(hasReason(noSecret, StatusReason.SecretNotFound.name()), () -> "status: " + noSecret.getStatus());
        assertTrue(noSecret.getStatus().message().contains("does-not-exist"), noSecret.getStatus().message());

        MigrationJob refused = tenant.awaitPhase("private-endpoint", Phase.Failed);
        assertTrue(hasReason(refused, "EndpointNotAllowed"), () -> "status: " + refused.getStatus());
        assertTrue(refused.getStatus().message().matches("(?s).*10\\.1\\.2\\.3.* is .*private.*"), refused.getStatus().message());

        // It shares its Secrets with private-endpoint, whose refusal came first: a refusal before anything ran must
        // not purge them (found here: it did, and wrong-key waited in Pending for Secrets that were gone).
        MigrationJob wrongKey = tenant.awaitPhase("wrong-key", Phase.Failed);
        assertTrue(hasReason(wrongKey, "SignatureDoesNotMatch"), () -> "status: " + wrongKey.getStatus());
        assertTrue(wrongKey.getStatus().message().contains("secretAccessKey"), wrongKey.getStatus().message());
        List<Pod> preflight = tenant.copierPods("wrong-key");
        assertEquals(1, preflight.size(), "one pre-flight pod, no retries of a wrong key");
        assertEquals("Failed", preflight.get(0).getStatus().getPhase());

        RealCluster.sleep(Duration.ofSeconds(4));   // a few more polls: still nothing started for the first two
        assertEquals(List.of(), tenant.copierPods("no-secret"));
        assertEquals(List.of(), tenant.copierPods("private-endpoint"));

        List<String> secrets = List.of(wrongSecret, cluster.storage.source().secretAccessKey(), cluster.storage.destination().secretAccessKey());
        String ns = tenant.namespace();
        List<String> readable = List.of(
                cluster.kubectl("-n", ns, "get", "mj", "-o", "yaml"),
                cluster.kubectl("-n", ns, "describe", "mj"),
                cluster.kubectl("-n", ns, "get", "events", "-o", "yaml"),
                cluster.kubectl("-n", ns, "get", "jobs", "-o", "yaml"),
                cluster.kubectl("-n", ns, "logs", preflight.get(0).getMetadata().getName()),
                cluster.operatorLog());
        for (String text : readable) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "a secret value is readable in:\n" + text);
            }
        }
    }

    private static boolean hasReason(MigrationJob mj, String reason) {
        return mj.getStatus().conditions().stream().anyMatch(c -> reason.equals(c.getReason()));
    }
}
