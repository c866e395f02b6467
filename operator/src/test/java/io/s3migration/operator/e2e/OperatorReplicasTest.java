package io.s3migration.operator.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.apiserver.FakeJobController;
import io.s3migration.operator.apiserver.RealApiServer;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.observe.LeaderElection;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.Labels;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
import static io.s3migration.operator.e2e.OperatorContainer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two replicas of the operator image, as a Deployment with {@code replicaCount: 2} would run them, in the chart's
 * narrower RBAC mode ({@code watchNamespaces}: namespaced Roles only), against a real kube-apiserver, with the
 * test's fake Job controller finishing the copier Jobs when the test says so.
 * <p>
 * Only the holder of the Lease acts. The leader is killed (SIGKILL: no shutdown, no Lease release) during the
 * pre-flight; the other replica takes the Lease over and carries the migration on. The killed replica is started
 * again (a new process) and comes back as the standby; the second leader is killed during the copy, and the
 * restarted one finishes the migration. Across both crashes: one pre-flight Job, one copy Job, the checkpoint
 * kept, every phase transition made by exactly one replica.
 */
class OperatorReplicasTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "team-replicas-" + RUN;
    private static final String MIGRATION = "archive";
    private static final Duration START = Duration.ofMinutes(3);
    /** Lease duration (15 s) after the holder's last renewal, plus the standby's retry period and slack. */
    private static final Duration TAKEOVER = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(60);
    /**
     * What JOSDK logs when a replica starts reconciling. Every replica starts its informers (a warm standby); only
     * the Lease holder starts event processing.
     */
    private static final String PROCESSING_STARTED = "Started event processing for controller";

    private final Set<Mode> finished = ConcurrentHashMap.newKeySet();

    @Test
    void onlyTheLeaseHolderActsAndTheStandbyCarriesOnAfterTheLeaderIsKilled(@TempDir Path dir) throws Exception {
        RealApiServer server = OperatorContainer.assumeImageAndApiServer("operator replicas tier");
        RenderedChart chart = OperatorContainer.chartFor(TENANT, "replicas-test-" + RUN, "replicaCount", 2);
        assertEquals(2, chart.deployment().getSpec().getReplicas());
        try (KubernetesClient admin = server.adminClient();
             FakeJobController jobs = new FakeJobController(admin,
                     job -> finished.contains(FakeJobController.mode(job)) ? FakeJobController.succeeded(FakeJobController.mode(job)) : null)) {
            Path kubeconfig = OperatorContainer.installChartRbac(server, admin, chart, dir, List.of(TENANT));
            // A Lease left by an earlier operator test in this JVM (its container is gone) would only delay the start.
            admin.resources(Lease.class).inNamespace(NAMESPACE).withName(LeaderElection.LEASE).delete();

            try (OperatorContainer a = OperatorContainer.start("s3m-replica-a-" + RUN, chart.deployment(), kubeconfig);
                 OperatorContainer b = OperatorContainer.start("s3m-replica-b-" + RUN, chart.deployment(), kubeconfig)) {
                List<OperatorContainer> replicas = List.of(a, b);
                Supplier<String> logs = () -> "replica logs:\n" + replicas.stream()
                        .map(r -> "--- " + r.name + " ---\n" + r.logs()).reduce("", String::concat);
                a.awaitHttp200("/q/health/live", START);
                b.awaitHttp200("/q/health/live", START);
                String leader = await(STEP, () -> holder(admin), "a Lease holder", logs);
                OperatorContainer first = replicas.stream().filter(r -> r.name.equals(leader)).findFirst()
                        .orElseThrow(() -> new AssertionError("the Lease is held by " + leader + ", neither replica; " + logs.get()));
                OperatorContainer second = first == a ? b : a;
                // Both ready: a Deployment of two replicas rolls out, while only one of them reconciles.
                first.awaitHttp200("/q/health/ready", STEP);
                second.awaitHttp200("/q/health/ready", STEP);
                awaitLogged(first, PROCESSING_STARTED, 1, logs);
                assertEquals(0, count(second.logs(), PROCESSING_STARTED), () -> "the standby must not process events; " + logs.get());

                OperatorContainer.applyMigrationJob(admin, TENANT, MIGRATION);
                awaitStatus(admin, s -> s.phase() == Phase.Preflight && jobNames(admin).size() == 1, "pre-flight running", logs);

                // Crash 1, during the pre-flight.
                first.kill();
                awaitHolder(admin, second, logs);
                finished.add(Mode.PREFLIGHT);
                jobs.nudge(TENANT);
                MigrationJobStatus running = awaitStatus(admin, s -> s.phase() == Phase.Running, "the copy started by " + second.name, logs);
                assertEquals(MIGRATION + "-1", running.jobName());
                // Progress lines reach the operator through pod logs (no kubelet here): write the checkpoint they would carry.
                Fixtures.editStatus(admin, TENANT, MIGRATION, s -> s.toBuilder().checkpoint(new Checkpoint("2024/12/31/z.tar")).build());

                // The killed replica starts again as a new process: the Lease is taken, so it waits as the standby.
                first.restart();
                first.awaitHttp200("/q/health/live", START);
                assertEquals(second.name, holder(admin), "a restarted replica must not take a Lease that is being renewed");
                assertEquals(1, count(first.logs(), PROCESSING_STARTED), "the restarted standby must not process events");

                // Crash 2, during the copy.
                second.kill();
                awaitHolder(admin, first, logs);
                awaitLogged(first, PROCESSING_STARTED, 2, logs);
                MigrationJobStatus adopted = awaitStatus(admin, s -> s.phase() == Phase.Running, "still running", logs);
                assertEquals("2024/12/31/z.tar", adopted.checkpoint().lastKey(), "the checkpoint survives both crashes");
                finished.add(Mode.COPY);
                finished.add(Mode.VERIFY);   // the verification after the copy (spec.verification: AfterCopy, the default)
                jobs.nudge(TENANT);
                MigrationJobStatus done = awaitStatus(admin, s -> s.phase() == Phase.Succeeded, "Succeeded", logs);

                assertEquals(3L, done.progress().objectsCopied(), "counts come from the copier's summary");
                assertEquals(List.of(MIGRATION + "-1", MIGRATION + "-preflight", MIGRATION + "-v1"), jobNames(admin),
                        "one pre-flight Job, one copy Job and one verify Job across two leader crashes");
                // Each transition was made by exactly one replica: the one holding the Lease at the time.
                assertEquals(List.of(first.name), actors(replicas, "Preflight PreflightRunning"), logs.get());
                assertEquals(List.of(second.name), actors(replicas, "Running PreflightPassed"), logs.get());
                assertEquals(List.of(second.name), actors(replicas, "Running Started"), logs.get());
                assertEquals(List.of(first.name), actors(replicas, "Succeeded Succeeded"), logs.get());
                replicas.forEach(OperatorContainer::assertNeverForbidden);
            }
        }
    }

    private static String holder(KubernetesClient admin) {
        Lease lease = admin.resources(Lease.class).inNamespace(NAMESPACE).withName(LeaderElection.LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void awaitHolder(KubernetesClient admin, OperatorContainer replica, Supplier<String> logs)
            throws InterruptedException {
        await(TAKEOVER, () -> replica.name.equals(holder(admin)) ? true : null, replica.name + " taking the Lease", logs);
    }

    private static MigrationJobStatus awaitStatus(KubernetesClient admin, Predicate<MigrationJobStatus> condition, String what,
                                                  Supplier<String> logs) throws InterruptedException {
        return await(STEP, () -> {
            MigrationJob mj = admin.resources(MigrationJob.class).inNamespace(TENANT).withName(MIGRATION).get();
            return mj == null || mj.getStatus() == null || !condition.test(mj.getStatus()) ? null : mj.getStatus();
        }, what, logs);
    }

    private static List<String> jobNames(KubernetesClient admin) {
        return admin.batch().v1().jobs().inNamespace(TENANT).withLabel(Labels.MIGRATION, MIGRATION).list().getItems().stream()
                .map(Job::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    /** The replicas whose log shows the reconciler recording {@code transition} ("phase event-reason") for the migration. */
    private static List<String> actors(List<OperatorContainer> replicas, String transition) {
        String line = "MigrationJob " + TENANT + "/" + MIGRATION + ": " + transition + "\n";
        return replicas.stream().filter(r -> r.logs().contains(line)).map(r -> r.name).toList();
    }

    /** Waits until {@code text} occurs {@code times} times in the replica's log (which spans its restarts). */
    private static void awaitLogged(OperatorContainer replica, String text, int times, Supplier<String> logs)
            throws InterruptedException {
        await(STEP, () -> count(replica.logs(), text) >= times ? true : null,
                replica.name + " logging '" + text + "' " + times + " times", logs);
    }

    private static int count(String log, String text) {
        return log.split(Pattern.quote(text), -1).length - 1;
    }
}
