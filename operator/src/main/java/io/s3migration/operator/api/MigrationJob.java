package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One bucket-to-bucket migration, run by the operator as an isolated copier Job in the resource's namespace.
 * (The CRD generator orders printer columns by JSON path, so Age comes first in {@code kubectl get}.)
 */
@Group(MigrationJob.GROUP)
@Version(MigrationJob.VERSION)
@ShortNames("mj")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.percent", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Objects", jsonPath = ".status.progress.objects", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Bytes", jsonPath = ".status.progress.bytes", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rate", jsonPath = ".status.progress.rate", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ETA", jsonPath = ".status.progress.eta", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = BucketSpec.SAME_SOURCE, message = "spec.source cannot change once the migration has started"
        + " (only its credentialsSecretRef may): create a new MigrationJob for another bucket")
@ValidationRule(value = BucketSpec.SAME_DESTINATION, message = "spec.destination cannot change once the migration has"
        + " started (only its credentialsSecretRef may): create a new MigrationJob for another bucket")
public class MigrationJob extends CustomResource<MigrationJobSpec, MigrationJobStatus> implements Namespaced {
    public static final String GROUP = "s3migration.io";
    public static final String VERSION = "v1alpha1";

    @Override
    @ValidationRule(value = "!(has(self.cancel) && self.cancel && has(self.verifyOnly) && self.verifyOnly)",
            message = "cancel and verifyOnly cannot both be true: a verify-only run stops by itself; delete it instead")
    public MigrationJobSpec getSpec() {
        return super.getSpec();
    }

    /** The status, never null (an empty one before the operator first wrote it). */
    @JsonIgnore
    public MigrationJobStatus currentStatus() {
        return getStatus() == null ? MigrationJobStatus.EMPTY : getStatus();
    }
}
