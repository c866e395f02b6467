package io.s3migration.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One bucket-to-bucket migration, run by the operator as an isolated copier Job in the resource's namespace. */
@Group(MigrationJob.GROUP)
@Version(MigrationJob.VERSION)
@ShortNames("mj")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.percent", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Objects", jsonPath = ".status.progress.objects", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Bytes", jsonPath = ".status.progress.bytes", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MigrationJob extends CustomResource<MigrationJobSpec, MigrationJobStatus> implements Namespaced {
    public static final String GROUP = "s3migration.io";
    public static final String VERSION = "v1alpha1";
}
