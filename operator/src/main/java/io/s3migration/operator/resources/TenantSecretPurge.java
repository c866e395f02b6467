package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which of a migration's tenant Secrets may go when it finishes, pauses or is deleted (credentials retention
 * {@code DeleteWhenDone}), pure. A Secret is deleted only when the tenant marked it as migration credentials, no
 * controller owns it (External Secrets or Sealed Secrets would re-create it; their source is where to revoke), and no
 * other MigrationJob of the namespace still needs it: one that has not ended, or one that retains its credentials.
 */
public final class TenantSecretPurge {

    /** The Secrets to delete, and those kept with the reason (for the log). */
    public record Plan(List<String> delete, Map<String, String> kept) {
    }

    private TenantSecretPurge() {
    }

    /** {@code others}: the namespace's other MigrationJobs; {@code lookup}: a Secret of the namespace by name. */
    public static Plan plan(MigrationJob mj, List<MigrationJob> others, Function<String, Optional<Secret>> lookup) {
        List<String> delete = new ArrayList<>();
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : referenced(mj).distinct().toList()) {
            Optional<Secret> secret = lookup.apply(name);
            if (secret.isEmpty()) {
                continue;
            }
            Optional<OwnerReference> controller = controller(secret.get());
            Optional<String> user = others.stream()
                    .filter(other -> !other.getMetadata().getName().equals(mj.getMetadata().getName()))
                    .filter(TenantSecretPurge::stillNeedsCredentials)
                    .filter(other -> referenced(other).anyMatch(name::equals))
                    .map(other -> other.getMetadata().getName()).findFirst();
            if (!TenantCredentials.marked(secret.get())) {
                kept.put(name, "not labelled " + Labels.CREDENTIALS + "=" + Labels.CREDENTIALS_VALUE);
            } else if (controller.isPresent()) {
                kept.put(name, "managed by " + controller.get().getKind() + " " + controller.get().getName());
            } else if (user.isPresent()) {
                kept.put(name, "still named by MigrationJob " + user.get());
            } else {
                delete.add(name);
            }
        }
        return new Plan(List.copyOf(delete), Map.copyOf(kept));
    }

    /**
     * Unfinished (and not being deleted), or keeping its credentials after it ends. Finished means no pass pending: a
     * finished MigrationJob with a new spec.trigger.manual value is about to run again, one with a spec.trigger.schedule
     * will run again on schedule (until the schedule is removed).
     */
    static boolean stillNeedsCredentials(MigrationJob mj) {
        boolean ended = mj.currentStatus().finished(mj.getSpec().manualTrigger(), mj.getSpec().schedule());
        boolean deleted = mj.getMetadata().getDeletionTimestamp() != null;
        return mj.getSpec().retention() == CredentialsRetention.Retain || (!ended && !deleted);
    }

    private static Stream<String> referenced(MigrationJob mj) {
        return Stream.of(mj.getSpec().source(), mj.getSpec().destination())
                .map(side -> side.credentialsSecretRef().name());
    }

    private static Optional<OwnerReference> controller(Secret secret) {
        var owners = secret.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty() : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }
}
