package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two MinIO servers as pods (image built locally from MinIO's Go module by .ci/cluster/setup.sh), each with root
 * credentials of its own, reached by pod IP: the copy pods through the allowlist and the NetworkPolicy's allowed
 * CIDRs, the tests from the host through the pod network.
 */
record MinioServers(Server source, Server destination) {
    static final String IMAGE = "docker.io/s3m-local/minio:dev";
    static final String NAMESPACE = "s3m-storage";

    /** One server: pod IP, plain-http endpoint and root keys. */
    record Server(String name, String ip, String accessKeyId, String secretAccessKey) {
        String endpoint() {
            return "http://" + ip + ":9000";
        }
    }

    static MinioServers start(KubernetesClient client) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).addToLabels(RealCluster.TEST_LABEL, "true")
                .endMetadata().build()).serverSideApply();
        RealCluster.await("the default ServiceAccount of " + NAMESPACE, java.time.Duration.ofSeconds(60),
                () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
        Server source = start(client, "minio-source");
        Server destination = start(client, "minio-destination");
        return new MinioServers(source, destination);
    }

    private static Server start(KubernetesClient client, String name) {
        String user = name + "-admin";
        String password = "pw-" + UUID.randomUUID();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", name).endMetadata()
                .withNewSpec()
                .addNewToleration().withKey(RealCluster.DEDICATED).withOperator("Exists").withEffect("NoSchedule").endToleration()
                .addNewContainer().withName("minio").withImage(IMAGE).withImagePullPolicy("Never")
                .withArgs("server", "/data", "--address", ":9000", "--console-address", ":9001")
                .addNewEnv().withName("MINIO_ROOT_USER").withValue(user).endEnv()
                .addNewEnv().withName("MINIO_ROOT_PASSWORD").withValue(password).endEnv()
                .addNewEnv().withName("HOME").withValue("/data").endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/minio/health/ready").withNewPort(9000).endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        client.resource(pod).create();
        Pod ready = client.pods().inNamespace(NAMESPACE).withName(name).waitUntilReady(3, TimeUnit.MINUTES);
        return new Server(name, ready.getStatus().getPodIP(), user, password);
    }
}
