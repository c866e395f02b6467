package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.MigrationJob;

/**
 * {@code <name>-copier}: the copier pod's own ServiceAccount, bound to no Role and with no token mounted, so
 * the pod has no way to talk to the API server even if the namespace's default account has rights.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class CopierServiceAccount extends CRUDKubernetesDependentResource<ServiceAccount, MigrationJob> {

    public CopierServiceAccount() {
        super(ServiceAccount.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-copier";
    }

    public static ServiceAccount build(MigrationJob mj) {
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withAutomountServiceAccountToken(false)
                .build();
    }

    @Override
    protected ServiceAccount desired(MigrationJob mj, Context<MigrationJob> context) {
        return build(mj);
    }
}
