package io.s3migration.operator.mockapi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.progress.CopierPods;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spec.parallelism 3 on the Fabric8 mock API server, the test playing Job controller and kubelet: the pre-flight pod
 * plans, the ranges become status.shards and {@code <name>-ranges}, the copy is one Indexed Job whose pods report
 * their own progress and checkpoints, and a failed index fails the migration with its reason.
 */
@QuarkusTest
@WithKubernetesTestServer
class ParallelMigrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<RangeLine> PLAN = List.of(new RangeLine(0, new KeyRange(null, "c"), 10),
            new RangeLine(1, new KeyRange("c", "m"), 10), new RangeLine(2, new KeyRange("m", null), 10));

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    io.quarkus.test.kubernetes.client.KubernetesServer server;

    @Test
    void planThenRangesThenOneIndexedJobWhoseShardsAddUpAndAFailedIndexFailsTheMigration() {
        String ns = "parallel";
        Fixtures.createSecrets(client, "big", ns);
        MigrationJob mj = Fixtures.migration("big", ns);
        mj.setSpec(mj.getSpec().withParallelism(3));
        client.resource(mj).create();

        // Pre-flight: the checks as an init container, then the plan in the main container.
        Job preflight = awaitJob(ns, "big-preflight");
        var podSpec = preflight.getSpec().getTemplate().getSpec();
        assertEquals(CopierJob.PREFLIGHT_CONTAINER, podSpec.getInitContainers().get(0).getName());
        assertEquals("preflight", Fixtures.envOf(podSpec.getInitContainers().get(0)).get("S3M_MODE"));
        assertEquals("plan", Fixtures.envOf(podSpec.getContainers().get(0)).get("S3M_MODE"));
        assertEquals("3", Fixtures.envOf(podSpec.getContainers().get(0)).get("S3M_SHARDS"));
        String planLog = PLAN.stream().map(ProtocolJson::write).reduce("", (a, b) -> a + b + "\n");
        serveLog(ns, "big-preflight-abcde", 128, planLog);
        Fixtures.finishWith(client, preflight, Fixtures.preflightPassed());

        // The copy: one Indexed Job over the plan's ranges.
        Job copy = awaitJob(ns, "big-1");
        MigrationJobStatus running = awaitStatus(ns, "big", s -> s.phase() == Phase.Running);
        assertEquals(List.of(new ShardStatus(0, "", "c", "Pending", null, null), new ShardStatus(1, "c", "m", "Pending", null, null),
                new ShardStatus(2, "m", "", "Pending", null, null)), running.shards());
        assertEquals("Indexed", copy.getSpec().getCompletionMode());
        assertEquals(3, copy.getSpec().getCompletions());
        assertEquals(3, copy.getSpec().getParallelism());
        assertEquals(0, copy.getSpec().getMaxFailedIndexes());
        assertTrue(copy.getSpec().getBackoffLimitPerIndex() >= 0);
        var spread = copy.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0);
        assertEquals(List.of(1, "kubernetes.io/hostname", "ScheduleAnyway"),
                List.of(spread.getMaxSkew(), spread.getTopologyKey(), spread.getWhenUnsatisfiable()));
        Map<String, String> env = Fixtures.envOf(copy.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertEquals(CopierJob.RANGES_DIR, env.get("S3M_RANGES_DIR"));
        int concurrency = mj.getSpec().options().concurrency() == null ? CopierSettings.DEFAULT_CONCURRENCY : mj.getSpec().options().concurrency();
        assertEquals(String.valueOf(Math.max(1, concurrency / 3)), env.get("S3M_CONCURRENCY"), "the migration's concurrency shared by 3 pods");
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("big-ranges").get() != null);
        assertEquals(Map.of("0.after", "", "0.upTo", "c", "1.after", "c", "1.upTo", "m", "2.after", "m", "2.upTo", ""),
                client.configMaps().inNamespace(ns).withName("big-ranges").get().getData());

        // Two indexes running: their counts add up, each keeps its own checkpoint (status and ConfigMap).
        Fixtures.activeJob(client, copy);
        shardPod(ns, copy, 0, "Running", null);
        shardPod(ns, copy, 2, "Running", null);
        serveLog(ns, "big-1-0-run", 20, ProtocolJson.write(new ProgressLine("copying",
                new Progress(true, 10, 4, 1, 0, 1000, 400, 40, "b/4"), new CheckpointCounts(4, 1, 0, 400))));
        serveLog(ns, "big-1-2-run", 20, ProtocolJson.write(new ProgressLine("copying",
                new Progress(false, 6, 3, 0, 0, 600, 300, 30, "q/3"), new CheckpointCounts(3, 0, 0, 300))));
        MigrationJobStatus summed = awaitStatus(ns, "big", s -> s.progress() != null && s.progress().objectsCopied() == 7);
        assertEquals(16, summed.progress().objectsTotal());
        assertEquals(700, summed.progress().bytesCopied());
        assertEquals("b/4", summed.shards().get(0).checkpoint().lastKey());
        assertEquals("Pending", summed.shards().get(1).phase());
        assertEquals("q/3", summed.shards().get(2).checkpoint().lastKey());
        await().atMost(WAIT).until(() -> {
            ConfigMap checkpoints = client.configMaps().inNamespace(ns).withName("big-checkpoint").get();
            return checkpoints != null && "b/4".equals(checkpoints.getData().get("0.lastKey"))
                    && "q/3".equals(checkpoints.getData().get("2.lastKey"));
        });

        // Index 1 exhausts its retries: the migration fails with that pod's reason.
        Summary denied = new Summary(Mode.COPY, ExitCode.FATAL, Reason.AccessDenied, "listing the source range (c, m]: Access Denied",
                Progress.NONE, List.of(), null);
        shardPod(ns, copy, 1, "Failed", denied);
        Fixtures.finishJob(client, copy, false);
        MigrationJobStatus failed = awaitStatus(ns, "big", s -> s.phase() == Phase.Failed);
        assertEquals(Reason.AccessDenied.name(), failed.reason());
        assertTrue(failed.message().contains("(c, m]"), failed.message());
        assertEquals("Failed", failed.shards().get(1).phase());
    }

    @Test
    void pauseThenResumeCreatesTheNextIndexedJobWhereEveryIndexResumesAfterItsOwnCheckpointCountedOnce() {
        String ns = "parallel-pause";
        Fixtures.createSecrets(client, "wide", ns);
        MigrationJob mj = Fixtures.migration("wide", ns);
        mj.setSpec(mj.getSpec().withParallelism(3));
        client.resource(mj).create();
        Job preflight = awaitJob(ns, "wide-preflight");
        serveLog(ns, "wide-preflight-abcde", 128, PLAN.stream().map(ProtocolJson::write).reduce("", (a, b) -> a + b + "\n"));
        Fixtures.finishWith(client, preflight, Fixtures.preflightPassed());

        // Indexes 0 and 2 reach their checkpoints; index 1 never started.
        Job first = awaitJob(ns, "wide-1");
        Fixtures.activeJob(client, first);
        shardPod(ns, first, 0, "Running", null);
        shardPod(ns, first, 2, "Running", null);
        serveLog(ns, "wide-1-0-run", 20, ProtocolJson.write(new ProgressLine("copying",
                new Progress(true, 10, 4, 1, 0, 1000, 400, 40, "b/4"), new CheckpointCounts(4, 1, 0, 400))));
        serveLog(ns, "wide-1-2-run", 20, ProtocolJson.write(new ProgressLine("copying",
                new Progress(true, 6, 3, 0, 0, 600, 300, 30, "q/3"), new CheckpointCounts(3, 0, 0, 300))));
        awaitStatus(ns, "wide", s -> s.progress() != null && s.progress().objectsCopied() == 7);

        Fixtures.editSpec(client, ns, "wide", spec -> spec.withSuspend(true));
        MigrationJobStatus paused = awaitStatus(ns, "wide", s -> s.phase() == Phase.Paused);
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(client.batch().v1().jobs().inNamespace(ns).withName("wide-1").get().getSpec().getSuspend()));
        assertEquals(7, paused.progress().objectsCopied());
        assertEquals(java.util.Arrays.asList("b/4", null, "q/3"), paused.shards().stream()
                .map(shard -> shard.checkpoint() == null ? null : shard.checkpoint().lastKey()).toList());

        Fixtures.createSecrets(client, "wide", ns);   // a pause purged them (DeleteWhenDone)
        Fixtures.editSpec(client, ns, "wide", spec -> spec.withSuspend(false));
        Job second = awaitJob(ns, "wide-2");
        awaitStatus(ns, "wide", s -> s.phase() == Phase.Running && "wide-2".equals(s.jobName()));
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName("wide-1").get() == null);
        assertEquals("Indexed", second.getSpec().getCompletionMode());
        Map<String, String> env = Fixtures.envOf(second.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertEquals(null, env.get("S3M_CHECKPOINT"), "no one checkpoint for the whole Job: each index has its own");
        assertEquals(CopierJob.CHECKPOINT_DIR, env.get("S3M_CHECKPOINT_DIR"));
        assertTrue(second.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getConfigMap() != null && "wide-checkpoint".equals(v.getConfigMap().getName())));
        // What each index's pod reads at start (CheckpointFile with JOB_COMPLETION_INDEX): its own key and counts.
        ConfigMap checkpoints = client.configMaps().inNamespace(ns).withName("wide-checkpoint").get();
        assertEquals("b/4", checkpoints.getData().get("0.lastKey"));
        assertEquals(new CheckpointCounts(4, 1, 0, 400), CheckpointCounts.parse("0.counts", checkpoints.getData().get("0.counts")));
        assertEquals("q/3", checkpoints.getData().get("2.lastKey"));
        assertEquals(new CheckpointCounts(3, 0, 0, 300), CheckpointCounts.parse("2.counts", checkpoints.getData().get("2.counts")));
        assertEquals("", checkpoints.getData().get("1.lastKey"), "index 1 starts at its range's start");

        // The resumed index 0 counts on from its checkpoint's counts (4 + 2 copied); index 2 has not reported yet and
        // keeps its own 3: 9 in all, the 4 before the pause counted once.
        Fixtures.activeJob(client, second);
        shardPod(ns, second, 0, "Running", null);
        serveLog(ns, "wide-2-0-run", 20, ProtocolJson.write(new ProgressLine("copying",
                new Progress(true, 10, 6, 1, 0, 1000, 600, 40, "d/6"), new CheckpointCounts(6, 1, 0, 600))));
        MigrationJobStatus resumed = awaitStatus(ns, "wide", s -> s.shards().get(0).checkpoint() != null
                && "d/6".equals(s.shards().get(0).checkpoint().lastKey()));
        assertEquals(9, resumed.progress().objectsCopied());
        assertEquals(900, resumed.progress().bytesCopied());
        assertEquals("q/3", resumed.shards().get(2).checkpoint().lastKey());
    }

    /** Plays kubelet: the pod of completion index {@code index}, running or exited with {@code summary}. */
    private void shardPod(String ns, Job job, int index, String phase, Summary summary) {
        var labels = new java.util.HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(CopierPods.COMPLETION_INDEX_LABEL, String.valueOf(index));
        var status = new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase);
        if (summary != null) {
            status.addNewContainerStatus().withName(CopierJob.CONTAINER).withNewState().withNewTerminated()
                    .withExitCode(summary.exitCode().code()).withMessage(ProtocolJson.write(summary)).endTerminated().endState()
                    .endContainerStatus();
        }
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-" + index + "-run")
                .withNamespace(ns).withLabels(labels).withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).withStatus(status.build()).build();
        client.pods().resource(pod).create();
    }

    private void serveLog(String ns, String pod, int tailLines, String text) {
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=copier&tailLines="
                + tailLines).andReply(200, request -> text).always();
    }

    private Job awaitJob(String ns, String name) {
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
