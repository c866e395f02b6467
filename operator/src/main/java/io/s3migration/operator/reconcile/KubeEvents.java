package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.api.MigrationJob;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Writes a transition as a core/v1 Event on the MigrationJob ({@code kubectl describe mj} shows it). Best effort. */
final class KubeEvents {
    private static final Logger LOG = Logger.getLogger(KubeEvents.class);
    static final String COMPONENT = "s3migration-operator";

    private KubeEvents() {
    }

    static void emit(KubernetesClient client, MigrationJob mj, Decision.Event event, Instant now) {
        var meta = mj.getMetadata();
        var kubeEvent = new EventBuilder()
                .withNewMetadata().withGenerateName(meta.getName() + ".").withNamespace(meta.getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(mj.getApiVersion()).withKind(mj.getKind())
                        .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                        .build())
                .withType(event.warning() ? "Warning" : "Normal")
                .withReason(event.reason())
                .withMessage(event.message())
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(kubeEvent).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on MigrationJob %s/%s: %s", event.reason(), meta.getNamespace(), meta.getName(), e.getMessage());
        }
    }
}
