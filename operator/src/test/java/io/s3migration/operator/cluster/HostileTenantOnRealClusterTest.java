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
}
