package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.protocol.Progress;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The metric values, from status changes alone (the Prometheus endpoint is checked in {@link HealthAndMetricsTest}). */
class MigrationMetricsTest {
    private static final ResourceID A = new ResourceID("a", "team");
    private static final ResourceID B = new ResourceID("b", "team");

    @Test
    void countersGrowByWhatEachStatusWriteAddsAndPhasesAreCountedPerMigration() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MigrationMetrics metrics = new MigrationMetrics();
        metrics.registry = registry;
        metrics.register();

        MigrationJobStatus started = status(Phase.Running, null);
        MigrationJobStatus some = status(Phase.Running, progress(10, 1_000));
        MigrationJobStatus more = status(Phase.Running, progress(25, 4_000));
        metrics.observed(A, MigrationJobStatus.EMPTY, started);
        metrics.observed(A, started, some);
        metrics.observed(A, some, more);
        metrics.observed(A, more, more); // a reconcile that changed nothing adds nothing
        metrics.observed(B, MigrationJobStatus.EMPTY, status(Phase.Queued, null));
        metrics.reconcileFailed();

        assertEquals(25, registry.get(MigrationMetrics.OBJECTS).counter().count());
        assertEquals(4_000, registry.get(MigrationMetrics.BYTES).counter().count());
        assertEquals(1, registry.get(MigrationMetrics.ERRORS).counter().count());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Running").gauge().value());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Queued").gauge().value());

        metrics.observed(A, more, status(Phase.Succeeded, progress(25, 4_000).finished()));
        metrics.retainOnly(Set.of(A)); // B was deleted
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Running").gauge().value());
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Queued").gauge().value());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Succeeded").gauge().value());
        assertEquals(25, registry.get(MigrationMetrics.OBJECTS).counter().count(), "final counts are not counted twice");
    }

    private static ProgressStatus progress(long objects, long bytes) {
        return ProgressStatus.of(new Progress(true, 100, objects, 0, 0, 10_000, bytes, 100, "k"));
    }

    private static MigrationJobStatus status(Phase phase, ProgressStatus progress) {
        return MigrationJobStatus.EMPTY.toBuilder().phase(phase).progress(progress).build();
    }
}
