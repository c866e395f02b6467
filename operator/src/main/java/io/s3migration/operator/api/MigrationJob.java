package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One bucket-to-bucket migration, run by the operator as an isolated copier Job in the resource's namespace.
 * The printer columns appear in {@code kubectl get} in the order declared here: the generator sorts them by JSON
 * path, {@link MigrationJobCrdPostProcessor} restores this order. Priority 1 ones only show with {@code -o wide}.
 */
@Group(MigrationJob.GROUP)
@Version(MigrationJob.VERSION)
@ShortNames("mj")
@JsonClassDescription("Copies the current objects of one S3 bucket (or a prefix, or one key) into a destination bucket,"
        + " in an isolated copier pod the operator runs in this namespace; progress, conditions and failed objects are"
        + " in status. kubectl get mj shows phase and progress; kubectl wait --for=condition=Complete mj/NAME waits for"
        + " the end")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.done", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Objects", jsonPath = ".status.progress.objects", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Bytes", jsonPath = ".status.progress.bytes", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rate", jsonPath = ".status.progress.rate", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "ETA", jsonPath = ".status.progress.eta", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = BucketSpec.SAME_SOURCE, message = "spec.source cannot change once the migration has started"
        + " (only its credentialsSecretRef may): create a new MigrationJob for another bucket")
@ValidationRule(value = BucketSpec.SAME_DESTINATION, message = "spec.destination cannot change once the migration has"
        + " started (only its credentialsSecretRef may): create a new MigrationJob for another bucket")
@ValidationRule(value = MigrationJob.SAME_PARALLELISM, message = "spec.parallelism cannot change once the migration has"
        + " started: its key ranges and per-range checkpoints are cut for that many copy pods; create a new MigrationJob")
public class MigrationJob extends CustomResource<MigrationJobSpec, MigrationJobStatus> implements Namespaced {
    public static final String GROUP = "s3migration.io";
    public static final String VERSION = "v1alpha1";
    /** Absent counts as the default 1 (an object stored before the field existed). */
    static final String SAME_PARALLELISM = BucketSpec.NOT_STARTED
            + " || self.spec.?parallelism.orValue(1) == oldSelf.spec.?parallelism.orValue(1)";

    @Override
    @JsonPropertyDescription("What to copy where, and the switches (suspend, cancel, preflightOnly) a user sets while it runs")
    @ValidationRule(value = "!(has(self.cancel) && self.cancel && has(self.preflightOnly) && self.preflightOnly)",
            message = "cancel and preflightOnly cannot both be true: a pre-flight-only run stops by itself; delete it instead")
    @ValidationRule(value = BucketSpec.SOURCE_KEY_OR_PREFIX, message = BucketSpec.SOURCE_KEY_OR_PREFIX_MESSAGE)
    @ValidationRule(value = BucketSpec.DESTINATION_KEY_OR_PREFIX, message = BucketSpec.DESTINATION_KEY_OR_PREFIX_MESSAGE)
    @ValidationRule(value = BucketSpec.DESTINATION_KEY_NEEDS_SOURCE_KEY, message = BucketSpec.DESTINATION_KEY_NEEDS_SOURCE_KEY_MESSAGE)
    @ValidationRule(value = BucketSpec.SOURCE_KEY_NO_DESTINATION_PREFIX, message = BucketSpec.SOURCE_KEY_NO_DESTINATION_PREFIX_MESSAGE)
    public MigrationJobSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: phase, conditions, progress, checkpoint, failed objects;"
            + " written only by the operator")
    public MigrationJobStatus getStatus() {
        return super.getStatus();
    }

    /** The status, never null (an empty one before the operator first wrote it). */
    @JsonIgnore
    public MigrationJobStatus currentStatus() {
        return getStatus() == null ? MigrationJobStatus.EMPTY : getStatus();
    }
}
