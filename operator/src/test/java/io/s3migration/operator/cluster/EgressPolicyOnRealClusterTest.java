package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.resources.EgressNetworkPolicy;
import io.s3migration.operator.resources.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof 6: the copy pod's NetworkPolicy as kube-router enforces it. A pod carrying the copy pod's labels (so the
 * operator's and the copier's own endpoint checks are out of the way, only the third wall stands) cannot reach
 * another pod, a Service or the node through the pod network, and does reach the allowed storage; with the policy
 * deleted the same addresses answer, so it is the policy that refused them, not the network.
 */
@ExtendWith(RealClusterAvailable.class)
class EgressPolicyOnRealClusterTest {
    private static final String NAME = "egress-probe";
    private static final String BUSYBOX = "docker.io/library/busybox:s3m-local";

    @Test
    void theCopyPodsNetworkPolicyRefusesBlockedAddressesAndAllowsTheStorageAndDeletingItReopensThem() {
        Tenant tenant = Tenant.create("t-egress");
        RealCluster cluster = tenant.cluster();
        new Rclone(cluster.storage).seed("egress", "", 5, 1024);
        tenant.applySecrets();
        tenant.applyMigration(NAME, "egress", "credentialsRetention: Retain");
        MigrationJob mj = tenant.awaitPhase(NAME, Phase.Succeeded);
        NetworkPolicy policy = cluster.client.network().networkPolicies().inNamespace(tenant.namespace())
                .withName(EgressNetworkPolicy.name(mj)).get();
        assertNotNull(policy, "the operator's NetworkPolicy");

        Pod web = cluster.client.resource(pod(tenant, "web", Map.of("app", "web"),
                "mkdir -p /www && exec httpd -f -p 8080 -h /www")).create();
        Service service = cluster.client.resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace(tenant.namespace()).endMetadata().withNewSpec().addToSelector("app", "web")
                .addNewPort().withPort(80).withNewTargetPort(8080).endPort().endSpec().build()).create();
        Pod lookalike = cluster.client.resource(pod(tenant, "copier-lookalike", Labels.copierPod(mj), "exec sleep 3600")).create();
        web = cluster.client.resource(web).waitUntilReady(2, TimeUnit.MINUTES);
        cluster.client.resource(lookalike).waitUntilReady(2, TimeUnit.MINUTES);

        String webPod = web.getStatus().getPodIP() + " 8080";
        String webService = service.getSpec().getClusterIP() + " 80";
        String nodeOnPodNetwork = "10.244.0.1 6443";   // the node's bridge address: the API server listens there too
        String storage = cluster.storage.source().ip() + " 9000";

        String refused = probe(tenant, webPod, webService, nodeOnPodNetwork, storage);
        assertTrue(refused.contains("[" + webPod + "] no-answer"), refused);
        assertTrue(refused.contains("[" + webService + "] no-answer"), refused);
        assertTrue(refused.contains("[" + nodeOnPodNetwork + "] no-answer"), refused);
        assertTrue(refused.contains("[" + storage + "] HTTP/"), refused);   // any answer: MinIO is reached

        cluster.client.resource(policy).delete();
        cluster.client.resource(policy).waitUntilCondition(p -> p == null, 1, TimeUnit.MINUTES);
        String[] open = new String[1];
        RealCluster.await("kube-router to drop the deleted policy's rules", Duration.ofSeconds(60), () -> {
            open[0] = probe(tenant, webPod, webService, nodeOnPodNetwork, storage);
            return !open[0].contains("no-answer");
        }, () -> open[0]);
        assertTrue(open[0].contains("[" + webPod + "] HTTP/1.1 404"), open[0]);   // busybox httpd has no such path
        assertTrue(open[0].contains("[" + webService + "] HTTP/1.1 404"), open[0]);
        assertTrue(open[0].contains("[" + nodeOnPodNetwork + "] HTTP/1.0 400 Bad Request"), open[0]);
    }

    /** One line per target: "[ip port] " and the status line it answered to an HTTP request, or no-answer. */
    private static String probe(Tenant tenant, String... targets) {
        StringBuilder script = new StringBuilder();
        for (String target : targets) {
            script.append("r=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ").append(target)
                    .append(" 2>/dev/null | grep 'HTTP/' | head -1 | tr -d '\\r'); echo \"[").append(target)
                    .append("] ${r:-no-answer}\"\n");
        }
        return tenant.exec("copier-lookalike", script.toString());
    }

    private static Pod pod(Tenant tenant, String name, Map<String, String> labels, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(tenant.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewToleration().withKey(RealCluster.DEDICATED).withOperator("Exists").withEffect("NoSchedule").endToleration()
                .addNewContainer().withName("main").withImage(BUSYBOX).withImagePullPolicy("Never")
                .withCommand("sh", "-c", script).endContainer()
                .withTerminationGracePeriodSeconds(1L)
                .endSpec().build();
    }
}
