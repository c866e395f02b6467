package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics: migrations by phase (gauge), bytes and objects copied (counters, fed by the growth of
 * each migration's counters between two status writes), reconcile errors.
 */
@ApplicationScoped
public class MigrationMetrics {
    public static final String BY_PHASE = "s3migration_migrations";
    public static final String BYTES = "s3migration_copied_bytes";
    public static final String OBJECTS = "s3migration_copied_objects";
    public static final String ERRORS = "s3migration_reconcile_errors";

    @Inject
    MeterRegistry registry;

    private final Map<ResourceID, Phase> phases = new ConcurrentHashMap<>();
    private Counter bytes;
    private Counter objects;
    private Counter errors;

    @PostConstruct
    void register() {
        for (Phase phase : Phase.values()) {
            Gauge.builder(BY_PHASE, phases, m -> m.values().stream().filter(p -> p == phase).count())
                    .description("MigrationJobs by phase").tag("phase", phase.name()).register(registry);
        }
        bytes = Counter.builder(BYTES).description("Bytes copied by all migrations").baseUnit("bytes").register(registry);
        objects = Counter.builder(OBJECTS).description("Objects copied by all migrations").register(registry);
        errors = Counter.builder(ERRORS).description("Reconciles that ended in an error").register(registry);
    }

    /** Records one status change. */
    public void observed(ResourceID id, MigrationJobStatus before, MigrationJobStatus after) {
        if (after.phase() != null) {
            phases.put(id, after.phase());
        }
        long bytesBefore = before.progress() == null ? 0 : before.progress().bytesCopied();
        long objectsBefore = before.progress() == null ? 0 : before.progress().objectsCopied();
        if (after.progress() != null) {
            bytes.increment(Math.max(0, after.progress().bytesCopied() - bytesBefore));
            objects.increment(Math.max(0, after.progress().objectsCopied() - objectsBefore));
        }
    }

    /** Drops MigrationJobs that no longer exist. */
    public void retainOnly(java.util.Set<ResourceID> existing) {
        phases.keySet().retainAll(existing);
    }

    public void reconcileFailed() {
        errors.increment();
    }
}
