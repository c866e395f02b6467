package io.s3migration.operator.cluster;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proof 1: the chart installed by real Helm; the operator pod Ready through the kubelet's probes, leading. */
@ExtendWith(RealClusterAvailable.class)
class ChartOnRealClusterTest {

    @Test
    void helmInstallsTheChartAndTheOperatorPodBecomesReadyThroughItsProbesAndTakesTheLease() {
        RealCluster cluster = RealCluster.ready();
        Release release = Helm.status(RealCluster.RELEASE).withNamespace(RealCluster.OPERATOR_NAMESPACE)
                .withKubeConfig(RealCluster.KUBECONFIG).call();
        assertEquals("deployed", release.getStatus());

        Pod pod = cluster.operatorPod().orElseThrow();
        Container container = pod.getSpec().getContainers().get(0);
        assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(status.getReady() && status.getStarted(), "the kubelet's probes passed: " + status);
        assertEquals(RealCluster.OPERATOR_IMAGE, status.getImage());
        assertEquals(cluster.node, pod.getSpec().getNodeName());
        assertEquals(pod.getMetadata().getName(), cluster.leaseHolder(), "the only replica leads");
    }

    /**
     * A rollout, `helm upgrade` or node drain deletes the operator pod: it must stop within a few seconds (not sit
     * out the 30 s grace period) and its successor must lead at once, not after the old Lease expires.
     */
    @Test
    void aDeletedOperatorPodStopsPromptlyAndItsSuccessorLeadsWithoutWaitingForTheLeaseToExpire() {
        RealCluster cluster = RealCluster.ready();
        String old = cluster.operatorPod().orElseThrow().getMetadata().getName();
        Instant asked = Instant.now();
        cluster.kubectl("-n", RealCluster.OPERATOR_NAMESPACE, "delete", "pod", old, "--wait=true", "--timeout=60s");
        Duration stopping = Duration.between(asked, Instant.now());
        assertTrue(stopping.compareTo(Duration.ofSeconds(15)) < 0,
                "the operator took " + stopping.toSeconds() + " s to stop after SIGTERM (grace period 30 s)");
        // Released on the way out: nobody holds it until the successor takes it (else it stays the old pod's for 15 s).
        assertNotEquals(old, cluster.leaseHolder(), "the stopped operator did not release the Lease");

        RealCluster.ready();
        Duration leaderless = Duration.between(asked, Instant.now());
        String successor = cluster.leaseHolder();
        assertNotEquals(old, successor);
        assertTrue(leaderless.compareTo(Duration.ofSeconds(90)) < 0, "no leader for " + leaderless.toSeconds() + " s");
        System.out.printf("operator pod stopped in %d ms; %s leads %d ms after the delete%n", stopping.toMillis(), successor,
                leaderless.toMillis());
    }
}
