package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;

import java.util.Map;
import java.util.Optional;

/**
 * {@code <name>-ca-bundle}: the certificates the platform's copy pods trust besides the JVM's default ones (a platform
 * storage served over https with a private CA), from the chart's {@code copier.caBundle}; mounted into the copy pod
 * and named by {@link CopierSettings#CA_BUNDLE}. Public certificates, so a ConfigMap; only when a bundle is set.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class CaBundleConfigMap extends CRUDKubernetesDependentResource<ConfigMap, MigrationJob> {
    public static final String KEY = "ca.crt";
    public static final String MOUNT_DIR = "/etc/s3migration/ca";
    public static final String MOUNTED_FILE = MOUNT_DIR + "/" + KEY;

    public CaBundleConfigMap() {
        super(ConfigMap.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-ca-bundle";
    }

    /** The platform's bundle, when the chart sets one. */
    public static Optional<String> configured(OperatorConfig config) {
        return config.copier().caBundle().filter(pem -> !pem.isBlank());
    }

    /** The copier's inputs with the mounted bundle named, when there is one. */
    public static CopierConfig trustedBy(CopierConfig copier, OperatorConfig config) {
        return configured(config).isPresent() ? copier.with(CopierSettings.CA_BUNDLE, MOUNTED_FILE) : copier;
    }

    public static ConfigMap build(MigrationJob mj, String pem) {
        return OwnedConfigMaps.of(mj, name(mj), Map.of(KEY, pem));
    }

    @Override
    protected ConfigMap desired(MigrationJob mj, Context<MigrationJob> context) {
        // Also asked for when the precondition fails (to delete what may be there): the content then does not matter.
        return build(mj, configured(Plan.from(context).config()).orElse(""));
    }

    /** Reconciled only when the platform sets a bundle. */
    public static class Configured implements Condition<ConfigMap, MigrationJob> {
        @Override
        public boolean isMet(DependentResource<ConfigMap, MigrationJob> dependent, MigrationJob mj, Context<MigrationJob> context) {
            return configured(Plan.from(context).config()).isPresent();
        }
    }
}
