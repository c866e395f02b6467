package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

/**
 * Finishes the generated CRD with what the generator does not take from the annotations: the schema root's
 * description ({@link MigrationJob}'s {@code @JsonClassDescription}). Runs inside the Quarkus build
 * ({@code quarkus.operator-sdk.crd.post-processor}), so the generated file is final and {@code crds/} stays a plain
 * copy of it.
 */
public class MigrationJobCrd implements CRDPostProcessor {

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition && MigrationJob.GROUP.equals(definition.getSpec().getGroup())) {
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                version.getSchema().getOpenAPIV3Schema()
                        .setDescription(MigrationJob.class.getAnnotation(JsonClassDescription.class).value());
            }
        }
        return crd;
    }
}
