package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.resources.Labels;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CheckpointFile;
import io.s3migration.protocol.CopierSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proofs 7-10: pause/resume, cancel, the operator pod and the copy pod lost mid-copy, each on its own tenant and
 * bucket; 600 objects at 512 KiB/s (~20 s) so there is time to act in the middle of the copy.
 */
@ExtendWith(RealClusterAvailable.class)
class LifecycleOnRealClusterTest {
    private static final int OBJECTS = 600;
    private static final String SLOW = "options: {bandwidthLimit: 512Ki, concurrency: 4}";

    @Test
    void pauseDeletesTheRealPodAndResumeStartsAttemptTwoAfterTheCheckpointCountingEveryObjectOnce() {
        Tenant tenant = Tenant.create("t-pause");
        Rclone rclone = startSlowCopy(tenant, "pause", SLOW + "\ncredentialsRetention: Retain");
        MigrationJob running = tenant.cluster().awaitMigration(tenant.namespace(), "pause", RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().checkpoint() != null && mj.getStatus().progress() != null
                        && mj.getStatus().progress().objectsCopied() >= 60);
        String firstJob = running.getStatus().jobName();

        tenant.patchSpec("pause", "{\"suspend\":true}");
        MigrationJob paused = tenant.awaitPhase("pause", Phase.Paused);
        RealCluster.await("the copy pod of " + firstJob + " gone", Duration.ofSeconds(60), () -> tenant.podsOf(firstJob).isEmpty());
        Map<String, List<String>> atPause = rclone.list("dst:pause");
        Checkpoint checkpoint = tenant.get("pause").getStatus().checkpoint();
        assertNotNull(checkpoint, () -> "no checkpoint when paused: " + paused.getStatus());
        CheckpointCounts before = checkpoint.counts().orElseThrow();
        assertTrue(atPause.size() < OBJECTS, "paused after the copy had finished: nothing left to resume");

        tenant.patchSpec("pause", "{\"suspend\":false}");
        MigrationJob done = tenant.awaitPhase("pause", Phase.Succeeded);
        assertEquals(2, done.getStatus().attempt());
        // status.jobName ends on the verify Job of the pass; the copy Job is the attempt's.
        String secondJob = CopierJob.copyName("pause", done.getStatus().attempt());
        assertNotEquals(firstJob, secondJob);
        Job job = tenant.cluster().client.batch().v1().jobs().inNamespace(tenant.namespace()).withName(secondJob).get();
        assertEquals(checkpoint.lastKey(), env(job, CopierSettings.CHECKPOINT.variable()), "attempt 2 starts after the checkpoint read from the log");

        // Keys up to the checkpoint count from it; of the rest, what attempt 1 had written is skipped, the others copied.
        ProgressStatus progress = done.getStatus().progress();
        assertEquals(OBJECTS, progress.objectsCopied() + progress.objectsSkipped(), () -> "counts: " + progress);
        assertEquals(before.objectsCopied() + (OBJECTS - atPause.size()), progress.objectsCopied(), () -> "counts: " + progress);
        Map<String, List<String>> after = rclone.list("dst:pause");
        atPause.forEach((key, sizeAndTime) -> assertEquals(sizeAndTime, after.get(key), () -> key + " was copied twice"));
        assertTrue(rclone.checkDownload("pause").ok());
        assertNotNull(tenant.cluster().client.secrets().inNamespace(tenant.namespace()).withName(Tenant.SOURCE_SECRET).get(),
                "credentialsRetention: Retain keeps the tenant's Secrets");
    }

    @Test
    void cancelWhileRunningRemovesThePodAndNothingIsWrittenAfterwards() {
        Tenant tenant = Tenant.create("t-cancel");
        Rclone rclone = startSlowCopy(tenant, "cancel", SLOW);
        MigrationJob running = tenant.awaitCopied("cancel", 60);
        long shownBeforeCancel = running.getStatus().progress().objectsCopied();

        tenant.patchSpec("cancel", "{\"cancel\":true}");
        String job = running.getStatus().jobName();
        MigrationJob cancelled = tenant.awaitPhase("cancel", Phase.Cancelled);
        RealCluster.await("the copy pod of the cancelled migration gone", Duration.ofSeconds(60), () -> tenant.podsOf(job).isEmpty());
        int atCancel = rclone.list("dst:cancel").size();
        RealCluster.sleep(Duration.ofSeconds(6));
        assertEquals(atCancel, rclone.list("dst:cancel").size(), "objects were written after the cancel");
        assertTrue(atCancel < OBJECTS, "cancelled after the copy had finished");
        long shown = cancelled.getStatus().progress().objectsCopied();
        assertTrue(shown >= shownBeforeCancel && shown <= atCancel,
                () -> "status shows " + shown + " copied; " + shownBeforeCancel + " before the cancel, " + atCancel + " at the destination");
    }

    @Test
    void anOperatorPodKilledMidCopyIsReplacedAndItsSuccessorFinishesTheSameJob() {
        Tenant tenant = Tenant.create("t-operator");
        Rclone rclone = startSlowCopy(tenant, "crash", SLOW);
        String job = tenant.awaitCopied("crash", 30).getStatus().jobName();
        Pod operator = tenant.cluster().operatorPod().orElseThrow();
        tenant.cluster().kubectl("-n", RealCluster.OPERATOR_NAMESPACE, "delete", "pod", operator.getMetadata().getName(),
                "--grace-period=0", "--force");

        MigrationJob done = tenant.awaitPhase("crash", Phase.Succeeded);
        assertNotEquals(operator.getMetadata().getName(), tenant.cluster().leaseHolder());
        assertEquals(CopierJob.verifyName("crash", 1), done.getStatus().jobName(), "verified after the same copy Job");
        assertEquals(job, CopierJob.copyName("crash", done.getStatus().attempt()), "no second copy attempt");
        List<Job> copyJobs = tenant.cluster().client.batch().v1().jobs().inNamespace(tenant.namespace())
                .withLabel(Labels.MIGRATION, "crash").withLabel(Labels.MODE, "copy").list().getItems();
        assertEquals(1, copyJobs.size(), () -> "copy Jobs: " + copyJobs.stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(OBJECTS, done.getStatus().progress().objectsCopied(), () -> "counts: " + done.getStatus().progress());
        assertTrue(rclone.checkDownload("crash").ok());
    }

    @Test
    void aCopyPodKilledMidCopyIsRetriedFromTheLatestCheckpointTheOperatorSaw() {
        Tenant tenant = Tenant.create("t-podkill");
        Rclone rclone = startSlowCopy(tenant, "podkill", SLOW);
        String configMap = "podkill-checkpoint";
        MigrationJob running = tenant.cluster().awaitMigration(tenant.namespace(), "podkill", RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().phase() == Phase.Running && mj.getStatus().progress() != null
                        && mj.getStatus().progress().objectsCopied() >= 100 && mj.getStatus().checkpoint() != null
                        && mj.getStatus().checkpoint().lastKey().equals(checkpointIn(tenant, configMap)));
        String job = running.getStatus().jobName();
        Pod first = tenant.runningPodOf(job).orElseThrow();
        String seenKey = checkpointIn(tenant, configMap);
        CheckpointCounts seen = running.getStatus().checkpoint().counts().orElseThrow();

        try (StatusRecorder recorder = new StatusRecorder(tenant, "podkill")) {
            tenant.cluster().kubectl("-n", tenant.namespace(), "delete", "pod", first.getMetadata().getName());
            MigrationJob done = tenant.awaitPhase("podkill", Phase.Succeeded);
            assertEquals(job, CopierJob.copyName("podkill", done.getStatus().attempt()), "the Job's own retry finished it");
            assertEquals(CopierJob.verifyName("podkill", 1), done.getStatus().jobName(), "then the verification ran");
            List<Pod> pods = tenant.podsOf(job);
            Pod retry = pods.get(pods.size() - 1);
            assertNotEquals(first.getMetadata().getName(), retry.getMetadata().getName());
            String log = tenant.cluster().kubectl("-n", tenant.namespace(), "logs", retry.getMetadata().getName());
            String start = log.lines().filter(l -> l.contains("\"type\":\"start\"")).findFirst().orElse(log);
            assertTrue(start.contains("resuming after"), () -> "the retry started over:\n" + start);
            String resumedAfter = start.replaceAll("(?s).*resuming after '([^']*)'.*", "$1");
            assertTrue(io.s3migration.protocol.KeyOrder.INSTANCE.compare(resumedAfter, seenKey) >= 0,
                    () -> "the retry resumed after " + resumedAfter + ", before the checkpoint the operator had seen: " + seenKey);
            // Progress never fell back below what the checkpoint had already counted.
            for (StatusRecorder.Sample sample : recorder.samples()) {
                ProgressStatus p = sample.status().progress();
                if (p != null) {
                    assertTrue(p.bytesCopied() >= seen.bytesCopied() && p.objectsCopied() >= seen.objectsCopied(),
                            () -> "progress went back to " + p + " below the checkpoint's " + seen);
                }
            }
            ProgressStatus progress = done.getStatus().progress();
            assertEquals(OBJECTS, progress.objectsCopied() + progress.objectsSkipped(), () -> "counts: " + progress);
        }
        assertTrue(rclone.checkDownload("podkill").ok());
    }

    /** Seeds the tenant's own bucket and applies a slow MigrationJob named after it, Secrets included. */
    private static Rclone startSlowCopy(Tenant tenant, String name, String extraSpec) {
        Rclone rclone = new Rclone(tenant.cluster().storage);
        rclone.seed(name, "data/", OBJECTS, 16 * 1024);
        tenant.applySecrets();
        tenant.applyMigration(name, name, extraSpec);
        return rclone;
    }

    private static String checkpointIn(Tenant tenant, String configMap) {
        ConfigMap map = tenant.cluster().client.configMaps().inNamespace(tenant.namespace()).withName(configMap).get();
        return map == null || map.getData() == null ? "" : map.getData().getOrDefault(CheckpointFile.LAST_KEY, "");
    }

    private static String env(Job job, String name) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).map(e -> e.getValue()).findFirst().orElse(null);
    }
}
