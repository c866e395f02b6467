package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.reconcile.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantSecretPurgeTest {
    final MigrationJob mj = Fixtures.migration("m", "ns");
    final Secret source = Fixtures.sourceSecret("m", "ns");
    final Secret destination = Fixtures.destinationSecret("m", "ns");

    static Function<String, Optional<Secret>> secrets(Secret... present) {
        Map<String, Secret> byName = new HashMap<>();
        for (Secret s : present) {
            byName.put(s.getMetadata().getName(), s);
        }
        return name -> Optional.ofNullable(byName.get(name));
    }

    /** Another MigrationJob of the namespace naming the same source Secret. */
    static MigrationJob sharing(String name, Phase phase, CredentialsRetention retention) {
        MigrationJob other = Fixtures.migration(name, "ns");
        MigrationJobSpec spec = other.getSpec();
        other.setSpec(new MigrationJobSpec(Fixtures.migration("m", "ns").getSpec().source(), spec.destination(), spec.options())
                .withRetention(retention));
        other.setStatus(MigrationJobStatus.EMPTY.toBuilder().phase(phase).build());
        return other;
    }

    @Test
    void bothMarkedSecretsGoWhenNoOtherMigrationNamesThem() {
        var plan = TenantSecretPurge.plan(mj, List.of(mj, sharing("done", Phase.Succeeded, CredentialsRetention.DeleteWhenDone)),
                secrets(source, destination));
        assertEquals(List.of("m-src", "m-dst"), plan.delete());
        assertTrue(plan.kept().isEmpty());
    }

    @Test
    void aSecretAnotherUnfinishedMigrationNamesStaysUntilTheLastOneEnds() {
        for (Phase unfinished : new Phase[]{Phase.Pending, Phase.Queued, Phase.Preflight, Phase.Running, Phase.Paused}) {
            var plan = TenantSecretPurge.plan(mj, List.of(sharing("other", unfinished, CredentialsRetention.DeleteWhenDone)),
                    secrets(source, destination));
            assertEquals(List.of("m-dst"), plan.delete(), unfinished.name());
            assertEquals(Map.of("m-src", "still named by MigrationJob other"), plan.kept());
        }
        var last = TenantSecretPurge.plan(mj, List.of(sharing("other", Phase.Failed, CredentialsRetention.DeleteWhenDone)),
                secrets(source, destination));
        assertEquals(List.of("m-src", "m-dst"), last.delete());
    }

    @Test
    void aFinishedMigrationWithAPassPendingStillNeedsItsSecrets() {
        for (Phase finished : new Phase[]{Phase.Succeeded, Phase.Failed}) {
            MigrationJob triggered = sharing("again", finished, CredentialsRetention.DeleteWhenDone);
            triggered.setSpec(triggered.getSpec().withManualTrigger("final-pass"));
            var plan = TenantSecretPurge.plan(mj, List.of(triggered), secrets(source, destination));
            assertEquals(Map.of("m-src", "still named by MigrationJob again"), plan.kept(), finished.name());

            // Once that pass has started with this value, the trigger asks for nothing more.
            triggered.setStatus(triggered.getStatus().toBuilder().lastManualTrigger("final-pass").build());
            assertEquals(List.of("m-src", "m-dst"), TenantSecretPurge.plan(mj, List.of(triggered), secrets(source, destination)).delete());
        }
        MigrationJob cancelled = sharing("stopped", Phase.Cancelled, CredentialsRetention.DeleteWhenDone);
        cancelled.setSpec(cancelled.getSpec().withManualTrigger("final-pass"));
        assertEquals(List.of("m-src", "m-dst"), TenantSecretPurge.plan(mj, List.of(cancelled), secrets(source, destination)).delete(),
                "a cancelled MigrationJob never runs again");
    }

    @Test
    void aFinishedMigrationWithAScheduleStillNeedsItsSecretsUntilTheScheduleIsRemoved() {
        for (Phase finished : new Phase[]{Phase.Succeeded, Phase.Failed}) {
            MigrationJob scheduled = sharing("nightly", finished, CredentialsRetention.DeleteWhenDone);
            scheduled.setSpec(scheduled.getSpec().withSchedule("0 2 * * *"));
            assertEquals(Map.of("m-src", "still named by MigrationJob nightly"),
                    TenantSecretPurge.plan(mj, List.of(scheduled), secrets(source, destination)).kept(), finished.name());

            scheduled.setSpec(scheduled.getSpec().withSchedule(null));
            assertEquals(List.of("m-src", "m-dst"), TenantSecretPurge.plan(mj, List.of(scheduled), secrets(source, destination)).delete(),
                    "schedule removed and the last pass ended: finished");
        }
        MigrationJob cancelled = sharing("stopped", Phase.Cancelled, CredentialsRetention.DeleteWhenDone);
        cancelled.setSpec(cancelled.getSpec().withSchedule("0 2 * * *"));
        assertEquals(List.of("m-src", "m-dst"), TenantSecretPurge.plan(mj, List.of(cancelled), secrets(source, destination)).delete(),
                "a cancelled MigrationJob never runs again, schedule or not");
    }

    @Test
    void aSecretAnotherMigrationRetainsStaysEvenAfterThatOneEnded() {
        var plan = TenantSecretPurge.plan(mj, List.of(sharing("keeper", Phase.Succeeded, CredentialsRetention.Retain)),
                secrets(source, destination));
        assertEquals(Map.of("m-src", "still named by MigrationJob keeper"), plan.kept());
    }

    @Test
    void anotherMigrationBeingDeletedNoLongerHoldsTheSecret() {
        MigrationJob deleted = sharing("leaving", Phase.Running, CredentialsRetention.DeleteWhenDone);
        deleted.getMetadata().setDeletionTimestamp("2026-11-30T10:00:00Z");
        assertEquals(List.of("m-src", "m-dst"), TenantSecretPurge.plan(mj, List.of(deleted), secrets(source, destination)).delete());
    }

    @Test
    void anUnmarkedOrControllerManagedSecretIsNeverDeleted() {
        Secret unmarked = new SecretBuilder(source).editMetadata().withLabels(Map.of()).endMetadata().build();
        Secret external = new SecretBuilder(destination).editMetadata().addToOwnerReferences(new OwnerReferenceBuilder()
                .withApiVersion("external-secrets.io/v1").withKind("ExternalSecret").withName("platform-writer")
                .withUid("u-1").withController(true).build()).endMetadata().build();
        var plan = TenantSecretPurge.plan(mj, List.of(), secrets(unmarked, external));
        assertEquals(List.of(), plan.delete());
        assertEquals(Map.of("m-src", "not labelled s3migration.io/credentials=true",
                "m-dst", "managed by ExternalSecret platform-writer"), plan.kept());
    }

    @Test
    void aSecretAlreadyGoneIsNeitherDeletedNorReported() {
        var plan = TenantSecretPurge.plan(mj, List.of(), secrets(destination));
        assertEquals(List.of("m-dst"), plan.delete());
        assertTrue(plan.kept().isEmpty());
    }
}
