package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.resources.CopierJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 on the real cluster: {@code parallelism: 3} runs the copy as one Indexed Job of three pods on the
 * dedicated node; one pod deleted mid-copy is retried alone (the other indexes keep their pods) and resumes from its
 * own checkpoint; the migration ends Succeeded with exact counts, and rclone reads every object back.
 */
@ExtendWith(RealClusterAvailable.class)
class ParallelOnRealClusterTest {
    private static final String NAME = "parallel";
    private static final int OBJECTS = 600;
    /**
     * Divided across the three shards: ~256 KiB/s each, ~12 s for a shard's ~3 MiB, so index 1 reports a checkpoint
     * (progress every 2 s) and its pod can be deleted well before its range is done.
     */
    private static final String SPEC = "parallelism: 3\noptions: {bandwidthLimit: 768Ki, concurrency: 6}\nreport: {destinationPrefix: reports/}";
    private static final String INDEX = "batch.kubernetes.io/job-completion-index";

    @Test
    void threeShardsCopyEveryObjectOnceAndADeletedPodIsRetriedAlone() {
        Tenant tenant = Tenant.create("t-parallel");
        Rclone rclone = new Rclone(tenant.cluster().storage);
        rclone.seed(NAME, "data/", OBJECTS, 16 * 1024);
        tenant.applySecrets();
        tenant.applyMigration(NAME, NAME, SPEC);

        MigrationJob running = tenant.cluster().awaitMigration(tenant.namespace(), NAME, RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().phase() == Phase.Running && mj.getStatus().shards() != null
                        && mj.getStatus().shards().size() == 3 && mj.getStatus().progress() != null
                        && mj.getStatus().progress().objectsCopied() >= 30);
        String job = CopierJob.copyName(NAME, running.getStatus().attempt());
        Map<String, Pod> byIndex = new TreeMap<>();
        RealCluster.await("three running pods of " + job, Duration.ofMinutes(2), () -> {
            byIndex.clear();
            tenant.podsOf(job).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .forEach(p -> byIndex.put(p.getMetadata().getLabels().get(INDEX), p));
            return byIndex.size() == 3 && byIndex.values().stream().allMatch(p -> "Running".equals(p.getStatus().getPhase()));
        });
        // index 1 has a checkpoint in status (and so in the checkpoint ConfigMap) before its pod goes
        tenant.cluster().awaitMigration(tenant.namespace(), NAME, Duration.ofMinutes(2),
                mj -> mj.getStatus().shards().stream().anyMatch(s -> s.index() == 1 && s.checkpoint() != null
                        && s.checkpoint().lastKey() != null && !s.checkpoint().lastKey().isEmpty()));
        Pod deleted = byIndex.get("1");
        tenant.cluster().kubectl("-n", tenant.namespace(), "delete", "pod", deleted.getMetadata().getName());

        MigrationJob done = tenant.awaitPhase(NAME, Phase.Succeeded);
        Job indexed = tenant.cluster().client.batch().v1().jobs().inNamespace(tenant.namespace()).withName(job).get();
        assertEquals("Indexed", indexed.getSpec().getCompletionMode());
        assertEquals(3, indexed.getSpec().getCompletions());
        assertEquals(3, indexed.getSpec().getParallelism());
        List<Pod> pods = tenant.podsOf(job);
        for (String index : List.of("0", "2")) {
            List<String> names = pods.stream().filter(p -> index.equals(p.getMetadata().getLabels().get(INDEX)))
                    .map(p -> p.getMetadata().getName()).toList();
            assertEquals(List.of(byIndex.get(index).getMetadata().getName()), names, "index " + index + " kept its one pod");
        }
        List<Pod> retried = pods.stream().filter(p -> "1".equals(p.getMetadata().getLabels().get(INDEX))).toList();
        assertTrue(!retried.isEmpty() && retried.stream().noneMatch(p -> p.getMetadata().getName().equals(deleted.getMetadata().getName())),
                () -> "index 1 retried by a new pod: " + retried.stream().map(p -> p.getMetadata().getName()).toList());

        // the new pod started after index 1's own checkpoint, not from its range's start
        String retriedLog = tenant.cluster().kubectl("-n", tenant.namespace(), "logs", retried.get(retried.size() - 1).getMetadata().getName());
        assertTrue(retriedLog.contains("resuming after 'data/"), () -> "the retried index 1 resumed: " + retriedLog.lines().limit(5).toList());

        List<ShardStatus> shards = done.getStatus().shards();
        assertEquals(3, shards.size(), () -> "shards: " + shards);
        long objects = 0;
        for (ShardStatus shard : shards) {
            assertEquals(ShardStatus.SUCCEEDED, shard.phase(), () -> "shard: " + shard);
            objects += shard.counts().objectsCopied() + shard.counts().objectsSkipped();
        }
        assertEquals(OBJECTS, objects, () -> "every object counted once over the shards: " + shards);
        ProgressStatus progress = done.getStatus().progress();
        assertEquals(OBJECTS, progress.objectsCopied() + progress.objectsSkipped(), () -> "progress: " + progress);
        assertEquals(OBJECTS, rclone.list("dst:" + NAME + "/data").size());
        // the verification's report of every range, each its own object (read back by rclone)
        List<String> reports = done.getStatus().report().shardKeys();
        assertEquals(3, reports == null ? 0 : reports.size(), () -> "status.report: " + done.getStatus().report());
        Map<String, List<String>> written = rclone.list("dst:" + NAME + "/reports");
        for (int i = 0; i < 3; i++) {
            String key = reports.get(i);
            assertTrue(key.startsWith("reports/" + NAME + "/1-") && key.endsWith("-shard" + i + ".jsonl"), key);
            assertTrue(written.containsKey(key.substring("reports/".length())), () -> key + " not in " + written.keySet());
        }
        assertTrue(rclone.checkDownload(NAME).ok(), "rclone reads every object back byte for byte");
        assertNotEquals(null, done.getStatus().verification(), "verified after the copy");
        System.out.println("parallel on the real cluster: " + shards.stream().map(s -> s.index() + " ('" + s.after() + "', '"
                + s.upTo() + "'] copied " + s.counts().objectsCopied() + " skipped " + s.counts().objectsSkipped()).toList()
                + "; index 1 retried: " + retriedLog.lines().filter(l -> l.contains("resuming after")).findFirst().orElse(""));
    }
}
