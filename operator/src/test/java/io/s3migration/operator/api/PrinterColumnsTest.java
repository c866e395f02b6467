package io.s3migration.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.chart.Repository;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code kubectl get mj} in the order the README shows: Phase, Progress, Objects, Bytes, Reason; {@code -o wide} adds
 * Rate, ETA, Message; Age last. Checked in the committed CRD (what a cluster gets), which {@link CrdDriftTest} keeps
 * equal to the generated one.
 */
class PrinterColumnsTest {

    @Test
    void columnsInReadingOrderWideOnesAtPriorityOne() throws Exception {
        CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(Files.readString(Repository.CRD), CustomResourceDefinition.class);
        List<String> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .map(PrinterColumnsTest::describe).toList();
        assertEquals(List.of(
                "Phase .status.phase string 0",
                "Progress .status.progress.done string 0",
                "Objects .status.progress.objects string 0",
                "Bytes .status.progress.bytes string 0",
                "Reason .status.reason string 0",
                "Rate .status.progress.rate string 1",
                "ETA .status.progress.eta string 1",
                "Message .status.message string 1",
                "Age .metadata.creationTimestamp date 0"), columns);
    }

    @Test
    void everyStatusColumnNamesAFieldOfTheSchema() throws Exception {
        CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(Files.readString(Repository.CRD), CustomResourceDefinition.class);
        var version = crd.getSpec().getVersions().get(0);
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
            if (!column.getJsonPath().startsWith(".status.")) {
                continue;
            }
            var node = version.getSchema().getOpenAPIV3Schema();
            for (String segment : column.getJsonPath().substring(1).split("\\.")) {
                node = node.getProperties().get(segment);
                if (node == null) {
                    throw new AssertionError(column.getName() + ": " + column.getJsonPath() + " is no field of the schema");
                }
            }
            assertEquals(column.getType(), node.getType(), column.getName() + " type");
        }
    }

    private static String describe(CustomResourceColumnDefinition c) {
        return c.getName() + " " + c.getJsonPath() + " " + c.getType() + " " + c.getPriority();
    }
}
