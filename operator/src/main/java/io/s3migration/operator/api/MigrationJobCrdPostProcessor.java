package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finishes the generated CRD with what the generator does not take from the annotations: the schema root's
 * description ({@link MigrationJob}'s {@code @JsonClassDescription}) and the printer columns in the order
 * {@link MigrationJob} declares them (the generator sorts them by JSON path, which put Age first). Runs inside the
 * Quarkus build ({@code quarkus.operator-sdk.crd.post-processor}), so the generated file is final and {@code crds/}
 * stays a plain copy of it.
 */
public class MigrationJobCrdPostProcessor implements CRDPostProcessor {

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition && MigrationJob.GROUP.equals(definition.getSpec().getGroup())) {
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                version.getSchema().getOpenAPIV3Schema()
                        .setDescription(MigrationJob.class.getAnnotation(JsonClassDescription.class).value());
                if (version.getAdditionalPrinterColumns() != null) {
                    version.setAdditionalPrinterColumns(inDeclaredOrder(version.getAdditionalPrinterColumns()));
                }
            }
        }
        return crd;
    }

    /** Columns by their position among {@link MigrationJob}'s annotations; any other column after them, order kept. */
    static List<CustomResourceColumnDefinition> inDeclaredOrder(List<CustomResourceColumnDefinition> columns) {
        List<String> declared = Arrays.stream(MigrationJob.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        return columns.stream()
                .sorted(Comparator.comparingInt(c -> declared.contains(c.getName()) ? declared.indexOf(c.getName()) : declared.size()))
                .toList();
    }
}
