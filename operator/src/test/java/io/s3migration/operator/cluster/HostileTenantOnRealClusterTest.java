package io.s3migration.operator.cluster;

import io.s3migration.operator.api.Phase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile tenant on the real cluster: a user with the `admin` role in its own namespace only (impersonated with
 * kubectl --as), trying to (c) run its own workloads on the dedicated migration nodes, (b) read another tenant's
 * credentials, and (a)/(d) make the operator reach an internal address or another namespace. Each is refused, and
 * the refusal says why.
 */
@ExtendWith(RealClusterAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTenantOnRealClusterTest {
    private static final String USER = "mallory";
    private Tenant tenant;
    private Tenant victim;

    @BeforeAll
    void tenants() {
        tenant = Tenant.create("t-hostile");
        victim = Tenant.create("t-victim");
        victim.applySecrets();
        tenant.cluster().kubectl("-n", tenant.namespace(), "create", "rolebinding", "mallory-admin", "--clusterrole=admin",
                "--user=" + USER);
    }

    private Command.Result asTenant(String stdin, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--as=" + USER;
        argv[1] = "--as-group=system:authenticated";
        System.arraycopy(args, 0, argv, 2, args.length);
        Command command = RealCluster.kubectlCommand(argv);
        return (stdin == null ? command : command.withStdin(stdin)).run();
    }

    @Test
    void aTenantsPodOrJobThatToleratesTheDedicatedNodesIsRefusedAtAdmission() {
        String toleration = "tolerations: [{key: " + RealCluster.DEDICATED + ", operator: Exists, effect: NoSchedule}]";
        Command.Result pod = asTenant("""
                apiVersion: v1
                kind: Pod
                metadata: {name: squatter, namespace: %s}
                spec:
                  %s
                  containers: [{name: main, image: docker.io/library/busybox:s3m-local, imagePullPolicy: Never, command: [sleep, "60"]}]
                """.formatted(tenant.namespace(), toleration), "apply", "-f", "-");
        assertFalse(pod.ok(), () -> "a tenant's pod with the toleration was admitted: " + pod.out());
        assertTrue(pod.err().contains("dedicated migration nodes"), pod.err());

        Command.Result job = asTenant("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: squatter, namespace: %s, labels: {app.kubernetes.io/name: s3migration-copier}}
                spec:
                  template:
                    metadata: {labels: {app.kubernetes.io/name: s3migration-copier, app.kubernetes.io/managed-by: s3migration-operator}}
                    spec:
                      restartPolicy: Never
                      %s
                      containers: [{name: main, image: docker.io/library/busybox:s3m-local, imagePullPolicy: Never, command: [sleep, "60"]}]
                """.formatted(tenant.namespace(), toleration), "apply", "-f", "-");
        assertFalse(job.ok(), () -> "a tenant's Job dressed as a copy Job was admitted: " + job.out());
        assertTrue(job.err().contains("dedicated migration nodes"), job.err());
    }

    @Test
    void aTenantCannotReadAnotherTenantsSecretsNorNameThemInAMigrationJob() {
        Command.Result read = asTenant(null, "-n", victim.namespace(), "get", "secret", Tenant.SOURCE_SECRET);
        assertFalse(read.ok());
        assertTrue(read.err().contains("forbidden"), read.err());

        // A MigrationJob names Secrets by name only: the operator looks them up in the MigrationJob's own namespace.
        Command.Result applied = asTenant(tenant.migrationYaml("borrow", tenant.cluster().storage.source().endpoint(), "none", ""),
                "apply", "-f", "-");
        assertTrue(applied.ok(), applied.err());
        var waiting = tenant.awaitPhase("borrow", Phase.Pending);
        assertTrue(waiting.getStatus().message().contains("does not exist in this namespace"), waiting.getStatus().message());
        assertEquals(0, tenant.copierPods("borrow").size());
    }

    @Test
    void aTenantCannotSendTheMachineryToAnInternalAddress() {
        // The API server's own Service address: private, not allowlisted.
        Command.Result applied = asTenant(tenant.migrationYaml("ssrf", "https://10.96.0.1", "none", ""), "apply", "-f", "-");
        assertTrue(applied.ok(), applied.err());
        var refused = tenant.awaitPhase("ssrf", Phase.Failed);
        assertTrue(refused.getStatus().message().contains("10.96.0.1"), refused.getStatus().message());
        assertEquals(0, tenant.copierPods("ssrf").size(), "no pod started for a refused endpoint");
    }

    /**
     * Finding 2: NetworkPolicies add up, so a tenant's allow-all egress policy would reopen the copy pod's wall, and an
     * exec into the copy pod would run the tenant's code behind it. Both are refused; the policy tenants need (all
     * their own pods may go anywhere) is admitted, and with it in place the real copy pod, probed by an exempt admin,
     * still reaches the storage and nothing else. A policy that was there before (an admin's, created past the
     * admission policy) holds a new migration in Pending.
     */
    @Test
    void aTenantCannotReopenTheCopyPodsEgressNorExecIntoItAndItsOwnAllowAllLeavesTheWallStanding() {
        Tenant tenant = Tenant.create("t-walled");
        tenant.cluster().kubectl("-n", tenant.namespace(), "create", "rolebinding", "mallory-admin", "--clusterrole=admin",
                "--user=" + USER);
        Command.Result allowAll = asTenant(egressPolicy(tenant, "allow-all", "{}"), "apply", "-f", "-");
        assertFalse(allowAll.ok(), () -> "a tenant's allow-all egress policy was admitted: " + allowAll.out());
        assertTrue(allowAll.err().contains("would reopen the egress wall"), allowAll.err());
        Command.Result ownPods = asTenant(egressPolicy(tenant, "allow-all-but-copy-pods",
                "{matchExpressions: [{key: app.kubernetes.io/name, operator: NotIn, values: [s3migration-copier]}]}"), "apply", "-f", "-");
        assertTrue(ownPods.ok(), ownPods.err());

        RealCluster cluster = tenant.cluster();
        cluster.kubectl("-n", tenant.namespace(), "run", "web", "--image=docker.io/library/busybox:s3m-local", "--image-pull-policy=Never",
                "--overrides={\"spec\":{\"tolerations\":[{\"key\":\"" + RealCluster.DEDICATED + "\",\"operator\":\"Exists\"}]}}",
                "--command", "--", "sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www");
        cluster.kubectl("-n", tenant.namespace(), "wait", "--for=condition=Ready", "pod/web", "--timeout=120s");
        String webIp = cluster.client.pods().inNamespace(tenant.namespace()).withName("web").get().getStatus().getPodIP();

        new Rclone(cluster.storage).seed("walled", "", 600, 16 * 1024);
        tenant.applySecrets();
        Command.Result applied = asTenant(tenant.migrationYaml("walled", cluster.storage.source().endpoint(), "walled",
                "options: {bandwidthLimit: 512Ki, concurrency: 4}"), "apply", "-f", "-");
        assertTrue(applied.ok(), applied.err());
        String copyPod = tenant.awaitRunningPod("walled-1").getMetadata().getName();

        Command.Result exec = asTenant(null, "-n", tenant.namespace(), "exec", copyPod, "--", "true");
        assertFalse(exec.ok(), () -> "a tenant could exec into the copy pod: " + exec.out());
        assertTrue(exec.err().contains("is named like an s3-migration-operator copy pod"), exec.err());

        // The real copy pod's own shell (bash's /dev/tcp), as the exempt admin: the wall stands beside the tenant's policy.
        String probe = tenant.exec(copyPod, String.join("; ",
                reach("web", webIp, 8080), reach("api", "10.96.0.1", 443), reach("node", "10.244.0.1", 6443),
                reach("storage", cluster.storage.source().ip(), 9000)));
        assertTrue(probe.contains("web=closed") && probe.contains("api=closed") && probe.contains("node=closed"), probe);
        assertTrue(probe.contains("storage=open"), probe);
        tenant.patchSpec("walled", "{\"cancel\":true}");
        tenant.awaitPhase("walled", Phase.Cancelled);

        // An allow-all that predates the admission policy (made here by an admin, who is exempt): no copy pod beside it.
        tenant.cluster().apply(egressPolicy(tenant, "legacy-allow-all", "{}"));
        Command.Result held = asTenant(tenant.migrationYaml("held", cluster.storage.source().endpoint(), "walled", ""), "apply", "-f", "-");
        assertTrue(held.ok(), held.err());
        var waiting = tenant.cluster().awaitMigration(tenant.namespace(), "held", RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().message() != null && mj.getStatus().message().contains("'legacy-allow-all'"));
        assertEquals(Phase.Pending, waiting.getStatus().phase());
        assertEquals(0, tenant.copierPods("held").size());
        cluster.kubectl("-n", tenant.namespace(), "delete", "networkpolicy", "legacy-allow-all");
        tenant.applySecrets();   // the cancel above purged them (DeleteWhenDone)
        tenant.awaitPhase("held", Phase.Succeeded);
    }

    /** Finding 7: a MigrationJob may name only Secrets the tenant marked as migration credentials (no confused deputy). */
    @Test
    void aSecretNotMarkedAsMigrationCredentialsIsNeverSentToAnEndpoint() {
        Tenant tenant = Tenant.create("t-deputy");
        tenant.cluster().apply("""
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                stringData: {accessKeyId: "app-database-user", secretAccessKey: "app-database-password"}
                """.formatted(Tenant.SOURCE_SECRET, tenant.namespace()));
        tenant.cluster().apply(tenant.migrationYaml("deputy", tenant.cluster().storage.source().endpoint(), "none", ""));
        var waiting = tenant.cluster().awaitMigration(tenant.namespace(), "deputy", RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().message() != null && mj.getStatus().message().contains("not marked"));
        assertEquals(Phase.Pending, waiting.getStatus().phase());
        assertEquals(0, tenant.copierPods("deputy").size());
        assertTrue(waiting.getStatus().message().contains("kubectl label secret " + Tenant.SOURCE_SECRET + " s3migration.io/credentials=true"),
                waiting.getStatus().message());
        tenant.cluster().kubectl("-n", tenant.namespace(), "delete", "mj", "deputy");
        assertTrue(tenant.cluster().kubectl("-n", tenant.namespace(), "get", "secret", Tenant.SOURCE_SECRET, "-o", "name")
                .contains(Tenant.SOURCE_SECRET), "deleting a MigrationJob that never ran leaves the Secret");
    }

    private static String egressPolicy(Tenant tenant, String name, String podSelector) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: %s, namespace: %s}
                spec:
                  podSelector: %s
                  policyTypes: [Egress]
                  egress: [{}]
                """.formatted(name, tenant.namespace(), podSelector);
    }

    /** A bash line printing {@code label=open} or {@code label=closed} for a TCP connect within 3 s. */
    private static String reach(String label, String ip, int port) {
        return "if timeout 3 bash -c 'exec 3<>/dev/tcp/" + ip + "/" + port + "' 2>/dev/null; then echo " + label + "=open; else echo "
                + label + "=closed; fi";
    }
}
