package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.MigrationJob;

import java.util.Map;

/**
 * {@code <name>-credentials}: exactly the four {@link io.s3migration.protocol.CredentialFiles} keys, copied from
 * the tenant's Secrets and mounted as files into the copier pod. Deleted as soon as the migration ends.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class CredentialsSecret extends CRUDKubernetesDependentResource<Secret, MigrationJob> {

    public CredentialsSecret() {
        super(Secret.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-credentials";
    }

    public static Secret build(MigrationJob mj, Map<String, String> base64Data) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withType("Opaque")
                .withData(base64Data)
                .build();
    }

    @Override
    protected Secret desired(MigrationJob mj, Context<MigrationJob> context) {
        return build(mj, Plan.from(context).credentials());
    }
}
