package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.SyncRecord;
import io.s3migration.operator.reconcile.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cut-over on the real cluster (issue 15): a MigrationJob on a schedule runs its first pass, then a second one
 * when the schedule says (copying only what was added meanwhile), then the schedule is removed and a manual trigger
 * runs the final pass; every pass ends verified (Consistent=True) and rclone reads every object back.
 */
@ExtendWith(RealClusterAvailable.class)
class PassesOnRealClusterTest {
    private static final String NAME = "passes";
    /** Every minute: the second pass comes at most a minute after the first ends. */
    private static final String EVERY_MINUTE = "trigger: {schedule: \"* * * * *\"}";

    @Test
    void aScheduledPassThenAManualFinalPassCopyOnlyWhatWasAddedAndEndConsistent() {
        Tenant tenant = Tenant.create("t-passes");
        Rclone rclone = new Rclone(tenant.cluster().storage);
        rclone.seed(NAME, "first/", 40, 4096);
        tenant.applySecrets();
        tenant.applyMigration(NAME, NAME, EVERY_MINUTE);

        MigrationJob first = awaitPassEnded(tenant, 1);
        assertPassCopied(first, 1, 40);
        assertTrue(first.getStatus().nextSyncTime() != null, () -> "a schedule names the next pass: " + first.getStatus());

        // Written while the schedule runs: the scheduled pass copies these and nothing else.
        rclone.seed(NAME, "second/", 4, 4096);
        MigrationJob second = awaitPassEnded(tenant, 2);
        assertPassCopied(second, 2, 4);
        assertEquals(2, second.getStatus().history().size(), () -> "history: " + second.getStatus().history());

        // The cut-over: writes stop, the schedule goes and one last pass is asked for, in one patch.
        rclone.seed(NAME, "final/", 2, 4096);
        tenant.cluster().kubectl("-n", tenant.namespace(), "patch", "mj", NAME, "--type", "json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/spec/trigger/schedule\"},{\"op\":\"add\",\"path\":\"/spec/trigger/manual\",\"value\":\"final\"}]");
        MigrationJob last = awaitPassEnded(tenant, 3);
        assertPassCopied(last, 3, 2);
        assertEquals("final", last.getStatus().lastManualTrigger());
        assertNull(last.getStatus().nextSyncTime(), "no schedule, no next pass");
        assertEquals(List.of(1, 2, 3), last.getStatus().history().stream().map(SyncRecord::pass).toList());

        Map<String, List<String>> destination = rclone.list("dst:" + NAME);
        assertEquals(46, destination.size(), () -> "destination: " + destination.keySet());
        assertTrue(rclone.checkDownload(NAME).ok(), "rclone reads every object back byte for byte");
        RealCluster.sleep(Duration.ofSeconds(70));
        assertEquals(3, tenant.get(NAME).getStatus().pass(), "no pass after the schedule was removed");
    }

    /** Waits until pass {@code pass} has ended (status.lastSync names it) and the MigrationJob is at rest again. */
    private static MigrationJob awaitPassEnded(Tenant tenant, int pass) {
        return tenant.cluster().awaitMigration(tenant.namespace(), NAME, RealCluster.MIGRATION_TIMEOUT.plusMinutes(1), mj -> {
            MigrationJobStatus s = mj.getStatus();
            return s != null && s.lastSync() != null && s.lastSync().pass() != null && s.lastSync().pass() >= pass
                    && s.phase() == Phase.Succeeded;
        });
    }

    private static void assertPassCopied(MigrationJob mj, int pass, long copied) {
        SyncRecord sync = mj.getStatus().lastSync();
        assertEquals(pass, sync.pass(), () -> "lastSync: " + sync);
        assertEquals(SyncRecord.Result.Succeeded, sync.result(), () -> "lastSync: " + sync);
        assertEquals(copied, sync.objectsCopied(), () -> "pass " + pass + " copied: " + sync);
        Condition consistent = mj.getStatus().conditions().stream().filter(c -> Conditions.CONSISTENT.equals(c.getType()))
                .findFirst().orElseThrow(() -> new AssertionError("no Consistent condition after pass " + pass + ": " + mj.getStatus()));
        assertEquals("True", consistent.getStatus(), () -> "pass " + pass + ": " + consistent);
    }
}
