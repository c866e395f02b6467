package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.s3migration.operator.api.MigrationJob;

import java.util.Map;
import java.util.Objects;

/**
 * {@code <name>-credentials}: exactly the four {@link io.s3migration.protocol.CredentialFiles} keys, copied from
 * the tenant's Secrets and mounted as files into the copier pod. Deleted as soon as the migration ends. Immutable
 * (nothing can edit the keys under a running copier): new values mean a new Secret. A Secret of that name that the
 * operator did not create is never touched ({@link TenantCredentials} refuses the migration instead).
 * <p>
 * Unlike the other dependents it has no informer: an informer needs {@code list} and {@code watch} on Secrets,
 * and RBAC cannot narrow those to the operator's own Secrets (a label selector is no permission boundary), so
 * the operator could read every Secret in the cluster. It is read by name instead ({@code get}), once per
 * reconcile, which the periodic reschedule of a running migration drives anyway.
 */
public class CredentialsSecret implements DependentResource<Secret, MigrationJob>, NameSetter {
    private String name = DependentResource.defaultNameFor(CredentialsSecret.class);

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-credentials";
    }

    public static Secret build(MigrationJob mj, Map<String, String> base64Data) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withData(base64Data)
                .build();
        secret.addOwnerReference(mj); // deleting the MigrationJob deletes it (garbage collector)
        return secret;
    }

    /** Whether {@code actual} already holds what {@code desired} says (data, our labels, owner, immutable). */
    static boolean upToDate(Secret actual, Secret desired) {
        Map<String, String> labels = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        return Objects.equals(actual.getData(), desired.getData())
                && Boolean.TRUE.equals(actual.getImmutable())
                && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())
                && actual.getMetadata().getOwnerReferences() != null
                && actual.getMetadata().getOwnerReferences().containsAll(desired.getMetadata().getOwnerReferences());
    }

    /** Whether the operator created {@code secret} for {@code mj}: its owner reference names this MigrationJob. */
    public static boolean ownedBy(Secret secret, MigrationJob mj) {
        var owners = secret.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> "MigrationJob".equals(o.getKind())
                && mj.getMetadata().getName().equals(o.getName())
                && (mj.getMetadata().getUid() == null || mj.getMetadata().getUid().equals(o.getUid())));
    }

    @Override
    public ReconcileResult<Secret> reconcile(MigrationJob mj, Context<MigrationJob> context) {
        Secret desired = build(mj, Plan.from(context).credentials());
        var secrets = context.getClient().secrets().inNamespace(mj.getMetadata().getNamespace());
        Secret actual = secrets.withName(name(mj)).get();
        if (actual == null) {
            return ReconcileResult.resourceCreated(secrets.resource(desired).create());
        }
        if (!ownedBy(actual, mj)) {
            throw new IllegalStateException("Secret " + name(mj) + " exists and was not created for this MigrationJob; not touching it");
        }
        if (upToDate(actual, desired)) {
            return ReconcileResult.noOperation(actual);
        }
        // Immutable: replaced, never edited (only between runs: a running copier read its files at start).
        secrets.withName(name(mj)).delete();
        return ReconcileResult.resourceUpdated(secrets.resource(desired).create());
    }

    /** The workflow's name for this dependent (the Job's dependsOn refers to it). */
    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public Class<Secret> resourceType() {
        return Secret.class;
    }
}
