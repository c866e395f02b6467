package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a decided status, guarded by the resourceVersion it was decided from, and caches what it wrote.
 * <p>
 * A reconcile that runs before the informer has seen the previous status write decides from the older status and
 * would repeat the transition (its Events, its metrics). With the guard its write fails with 409 instead, and nothing
 * of that decision is reported: it is made again from the newer version. With the cache (JOSDK's overlay on the
 * informer cache, which JOSDK 5 no longer fills for status patches) the next reconcile sees what was written, so such
 * stale decisions are rare. The status is written here rather than returned for JOSDK to patch because JOSDK patches
 * after {@code reconcile} returns: too late to emit Events only once the write succeeded.
 */
final class StatusWrite {
    private static final Logger LOG = Logger.getLogger(StatusWrite.class);
    /** When a decision dropped for a conflict is made again: its newer version is usually in the cache by then. */
    static final Duration RETRY_AFTER_CONFLICT = Duration.ofSeconds(1);

    private StatusWrite() {
    }

    /** @return false when the MigrationJob has changed since {@code observed} was read: decide again. */
    static boolean write(Context<MigrationJob> context, MigrationJob observed, MigrationJobStatus next) {
        try {
            MigrationJob written = context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()
                    ? apply(context, observed, next) : patch(context, observed, next);
            context.eventSourceRetriever().getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(observed), written, observed);
            return true;
        } catch (KubernetesClientException e) {
            if (!isConflict(e)) {
                throw e;
            }
            LOG.debugf("MigrationJob %s/%s changed since version %s was read; deciding again from the newer one",
                    observed.getMetadata().getNamespace(), observed.getMetadata().getName(), observed.getMetadata().getResourceVersion());
            return false;
        }
    }

    /**
     * As deployed: a server-side apply of the status (the operator owns it; fields it no longer sends go), which
     * carries the resourceVersion as a precondition.
     */
    private static MigrationJob apply(Context<MigrationJob> context, MigrationJob observed, MigrationJobStatus next) {
        MigrationJob desired = new MigrationJob();
        desired.setMetadata(new ObjectMetaBuilder().withName(observed.getMetadata().getName())
                .withNamespace(observed.getMetadata().getNamespace())
                .withResourceVersion(observed.getMetadata().getResourceVersion()).build());
        desired.setStatus(next);
        return context.getClient().resource(desired).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(context.getControllerConfiguration().fieldManager())
                .withForce(true).build());
    }

    /**
     * Without server-side apply (the mock API server of the tests answers 415 to it): a JSON patch that replaces the
     * whole status and sets the resourceVersion it was decided from, which makes the server refuse it with 409 when
     * the object has moved on. (No field manager: the mock takes a status patch followed by a query for a spec patch.)
     */
    private static MigrationJob patch(Context<MigrationJob> context, MigrationJob observed, MigrationJobStatus next) {
        String patch = context.getClient().getKubernetesSerialization().asJson(List.of(
                Map.of("op", "add", "path", "/metadata/resourceVersion", "value", observed.getMetadata().getResourceVersion()),
                Map.of("op", "add", "path", "/status", "value", next)));
        return context.getClient().resources(MigrationJob.class)
                .inNamespace(observed.getMetadata().getNamespace()).withName(observed.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }

    /** An optimistic-concurrency refusal: expected, never a reconcile error. */
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return true;
            }
        }
        return false;
    }
}
