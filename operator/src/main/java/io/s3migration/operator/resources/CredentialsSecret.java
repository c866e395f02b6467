package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.s3migration.operator.api.MigrationJob;

import java.util.Map;
import java.util.Objects;

/**
 * {@code <name>-credentials}: exactly the four {@link io.s3migration.protocol.CredentialFiles} keys, copied from
 * the tenant's Secrets and mounted as files into the copier pod. Deleted as soon as the migration ends.
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
                .withData(base64Data)
                .build();
        secret.addOwnerReference(mj); // deleting the MigrationJob deletes it (garbage collector)
        return secret;
    }

    /** Whether {@code actual} already holds what {@code desired} says (data, our labels, owner). */
    static boolean upToDate(Secret actual, Secret desired) {
        Map<String, String> labels = actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels();
        return Objects.equals(actual.getData(), desired.getData())
                && labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())
                && actual.getMetadata().getOwnerReferences() != null
                && actual.getMetadata().getOwnerReferences().containsAll(desired.getMetadata().getOwnerReferences());
    }

    @Override
    public ReconcileResult<Secret> reconcile(MigrationJob mj, Context<MigrationJob> context) {
        Secret desired = build(mj, Plan.from(context).credentials());
        var secrets = context.getClient().secrets().inNamespace(mj.getMetadata().getNamespace());
        Secret actual = secrets.withName(name(mj)).get();
        if (actual == null) {
            return ReconcileResult.resourceCreated(secrets.resource(desired).create());
        }
        if (upToDate(actual, desired)) {
            return ReconcileResult.noOperation(actual);
        }
        // A merge patch: the four keys are always all present, so nothing stale can stay behind.
        return ReconcileResult.resourceUpdated(secrets.withName(name(mj)).patch(PatchContext.of(PatchType.JSON_MERGE), desired));
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
