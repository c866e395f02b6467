package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.protocol.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metric values, from status changes alone (the Prometheus endpoint is checked in {@link HealthAndMetricsTest}). */
class MigrationMetricsTest {
    private static final ResourceID A = new ResourceID("a", "team");
    private static final ResourceID B = new ResourceID("b", "team");
    private static final ResourceID C = new ResourceID("c", "other");
    private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    private SimpleMeterRegistry registry;
    private MigrationMetrics metrics;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        metrics = new MigrationMetrics();
        metrics.registry = registry;
        metrics.copyDeadline = Duration.ofDays(7);
        metrics.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        metrics.register();
    }

    @Test
    void countersGrowByWhatEachStatusWriteAddsAndPhasesAreCountedPerMigration() {
        MigrationJobStatus started = status(Phase.Running, null);
        MigrationJobStatus some = status(Phase.Running, progress(10, 1_000));
        MigrationJobStatus more = status(Phase.Running, progress(25, 4_000));
        metrics.observed(A, MigrationJobStatus.EMPTY, started);
        metrics.observed(A, started, some);
        metrics.observed(A, some, more);
        metrics.observed(A, more, more); // a reconcile that changed nothing adds nothing
        metrics.observed(B, MigrationJobStatus.EMPTY, status(Phase.Queued, null));
        metrics.reconcileFailed(B, status(Phase.Queued, null));
        metrics.reconcileFailed(C, MigrationJobStatus.EMPTY); // its status was never written

        assertEquals(25, registry.get(MigrationMetrics.OBJECTS).counter().count());
        assertEquals(4_000, registry.get(MigrationMetrics.BYTES).counter().count());
        assertEquals(2, registry.get(MigrationMetrics.ERRORS).counter().count());
        assertEquals(0, registry.get(MigrationMetrics.RECONCILE_ERRORS).tags("namespace", "team", "name", "a").counter().count());
        assertEquals(1, registry.get(MigrationMetrics.RECONCILE_ERRORS).tags("namespace", "team", "name", "b").counter().count());
        assertEquals(1, registry.get(MigrationMetrics.RECONCILE_ERRORS).tags("namespace", "other", "name", "c").counter().count());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Running").gauge().value());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Queued").gauge().value());

        metrics.observed(A, more, status(Phase.Succeeded, progress(25, 4_000).finished()));
        metrics.retainOnly(Set.of(A)); // B and C were deleted
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Running").gauge().value());
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Queued").gauge().value());
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Succeeded").gauge().value());
        assertEquals(25, registry.get(MigrationMetrics.OBJECTS).counter().count(), "final counts are not counted twice");
        assertEquals(1, registry.find(MigrationMetrics.RECONCILE_ERRORS).counters().size(), "deleted MigrationJobs' errors go with them");
        assertEquals(2, registry.get(MigrationMetrics.ERRORS).counter().count(), "the operator's total stays");
    }

    @Test
    void eachMigrationHasItsOwnSeriesLabelledWithItsNamespaceAndName() {
        MigrationJobStatus running = status(Phase.Running, progress(25, 4_000)).toBuilder().startTime(START.toString()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, running);
        metrics.observed(C, MigrationJobStatus.EMPTY, status(Phase.Queued, null));

        assertEquals(4_000, value(MigrationMetrics.COPIED_BYTES, A));
        assertEquals(10_000, value(MigrationMetrics.SOURCE_BYTES, A));
        assertEquals(25, value(MigrationMetrics.COPIED_OBJECTS, A));
        assertEquals(5, value(MigrationMetrics.SKIPPED_OBJECTS, A));
        assertEquals(2, value(MigrationMetrics.FAILED_OBJECTS, A));
        assertEquals(100, value(MigrationMetrics.SOURCE_OBJECTS, A));
        assertEquals(0.32, value(MigrationMetrics.PROGRESS, A), 1e-9, "(25 + 5 + 2) / 100");
        assertEquals(100, value(MigrationMetrics.RATE, A));
        assertEquals(60, value(MigrationMetrics.ETA, A), "6000 bytes left at 100/s");
        assertEquals(START.plus(Duration.ofDays(7)).getEpochSecond(), value(MigrationMetrics.DEADLINE, A),
                "the copy start this operator did not see: status.startTime");
        assertEquals(1, registry.get(MigrationMetrics.INFO).tags("namespace", "team", "name", "a", "phase", "Running").gauge().value());
        assertEquals(1, registry.get(MigrationMetrics.INFO).tags("namespace", "other", "name", "c", "phase", "Queued").gauge().value());
        assertEquals(0, value(MigrationMetrics.COPIED_BYTES, C), "no progress yet");
        assertNull(find(MigrationMetrics.ETA, C), "no ETA while Queued");
        assertNull(find(MigrationMetrics.DEADLINE, C), "no copy Job, no deadline");
        for (String result : Set.of("Succeeded", "Failed", "Cancelled")) {
            assertEquals(0, registry.get(MigrationMetrics.PASSES).tags(tags(C)).tag("result", result).counter().count(),
                    "counters exist from the start, so increase() sees the first pass");
        }
    }

    @Test
    void theDeadlineRunsFromTheCopyJobThisOperatorCreated() {
        MigrationJobStatus preflight = status(Phase.Preflight, null).toBuilder().startTime(START.toString()).build();
        MigrationJobStatus copying = preflight.toBuilder().phase(Phase.Running).attempt(1).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, preflight);
        metrics.observed(A, preflight, copying);
        assertEquals(NOW.plus(Duration.ofDays(7)).getEpochSecond(), value(MigrationMetrics.DEADLINE, A));
        MigrationJobStatus paused = copying.toBuilder().phase(Phase.Paused).build();
        metrics.observed(A, copying, paused);
        assertNull(find(MigrationMetrics.DEADLINE, A), "no copy Job while Paused");
    }

    @Test
    void aPhaseChangeMovesTheInfoSeries() {
        MigrationJobStatus queued = status(Phase.Queued, null);
        MigrationJobStatus running = status(Phase.Running, progress(1, 1));
        metrics.observed(A, MigrationJobStatus.EMPTY, queued);
        metrics.observed(A, queued, running);
        assertEquals(1, registry.find(MigrationMetrics.INFO).tags(tags(A)).gauges().size(), "one series per MigrationJob");
        assertEquals(1, registry.get(MigrationMetrics.INFO).tags(tags(A)).tag("phase", "Running").gauge().value());
        assertNull(registry.find(MigrationMetrics.INFO).tags(tags(A)).tag("phase", "Queued").gauge(), "the old phase's series is gone");
    }

    @Test
    void aPassThatEndsIsCountedOnceWithItsDuration() {
        MigrationJobStatus running = status(Phase.Running, progress(25, 4_000)).toBuilder().startTime(START.toString()).build();
        MigrationJobStatus failed = running.toBuilder().phase(Phase.Failed).progress(progress(25, 4_000).finished())
                .completionTime(START.plus(Duration.ofMinutes(90)).toString()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, running);
        metrics.observed(A, running, failed);
        metrics.observed(A, failed, failed); // reconciled again: the same end, not a new one
        metrics.observed(A, failed, failed.toBuilder().message("still failed").build());

        assertEquals(1, registry.get(MigrationMetrics.PASSES).tags(tags(A)).tag("result", "Failed").counter().count());
        assertEquals(0, registry.get(MigrationMetrics.PASSES).tags(tags(A)).tag("result", "Succeeded").counter().count());
        Timer duration = registry.get(MigrationMetrics.PASS_DURATION).tags(tags(A)).tag("result", "Failed").timer();
        assertEquals(1, duration.count());
        assertEquals(90, duration.totalTime(TimeUnit.MINUTES), 1e-9);
        assertEquals(START.plus(Duration.ofMinutes(90)).getEpochSecond(), value(MigrationMetrics.LAST_COMPLETION, A));
        assertNull(find(MigrationMetrics.ETA, A), "no ETA once ended");
        assertNull(find(MigrationMetrics.DEADLINE, A));

        // An operator restart: the first status it sees is already terminal; nothing ends in this reconcile.
        MigrationMetrics restarted = new MigrationMetrics();
        MeterRegistry fresh = new SimpleMeterRegistry();
        restarted.registry = fresh;
        restarted.copyDeadline = Duration.ofDays(7);
        restarted.register();
        restarted.observed(A, failed, failed);
        assertEquals(0, fresh.get(MigrationMetrics.PASSES).tags(tags(A)).tag("result", "Failed").counter().count());
        assertEquals(1, fresh.get(MigrationMetrics.INFO).tags(tags(A)).tag("phase", "Failed").gauge().value());
    }

    @Test
    void anOperatorStartedAgainOnTheSameRegistryCountsItsOwnMigrationsByPhase() {
        // Quarkus tests restart the operator in one JVM on Micrometer's global registry (found as a flaky mock test)
        metrics.observed(A, MigrationJobStatus.EMPTY, status(Phase.Running, null));
        MigrationMetrics again = new MigrationMetrics();
        again.registry = registry;
        again.copyDeadline = Duration.ofDays(7);
        again.register();
        again.observed(B, MigrationJobStatus.EMPTY, status(Phase.Preflight, null));
        assertEquals(1, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Preflight").gauge().value());
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Running").gauge().value(), "not the first's");
        assertEquals(Phase.values().length, registry.find(MigrationMetrics.BY_PHASE).gauges().size());

    }

    @Test
    void aDeletedMigrationsSeriesGo() {
        MigrationJobStatus running = status(Phase.Running, progress(25, 4_000)).toBuilder().startTime(START.toString()).build();
        MigrationJobStatus done = running.toBuilder().phase(Phase.Succeeded).completionTime(NOW.toString()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, running);
        metrics.observed(A, running, done);
        metrics.observed(B, MigrationJobStatus.EMPTY, running);
        assertTrue(registry.getMeters().stream().anyMatch(m -> "a".equals(m.getId().getTag("name"))));

        metrics.retainOnly(Set.of(B));
        assertTrue(registry.getMeters().stream().noneMatch(m -> "a".equals(m.getId().getTag("name"))),
                "no series of a left: " + registry.getMetersAsString());
        assertEquals(1, registry.get(MigrationMetrics.INFO).tags(tags(B)).gauge().value());
        assertEquals(0, registry.get(MigrationMetrics.BY_PHASE).tag("phase", "Succeeded").gauge().value());

        metrics.observed(A, MigrationJobStatus.EMPTY, status(Phase.Pending, null)); // created again under the same name
        assertEquals(1, registry.get(MigrationMetrics.INFO).tags(tags(A)).tag("phase", "Pending").gauge().value());
    }

    /**
     * Paused at 1 000 bytes with a checkpoint at 800: the resumed run counts on from 800 and copies 800..1 000 again;
     * the operator-wide counters count every byte of the pass once (the old sum of growths counted those 200 twice).
     */
    @Test
    void aResumedRunThatCopiesFromItsCheckpointIsNotCountedTwice() {
        MigrationJobStatus running = status(Phase.Running, progress(10, 1_000));
        MigrationJobStatus paused = running.toBuilder().phase(Phase.Paused).progress(progress(10, 1_000).finished()).build();
        MigrationJobStatus resumed = paused.toBuilder().phase(Phase.Running).attempt(2).build(); // the pause's counts still shown
        MigrationJobStatus fromCheckpoint = resumed.toBuilder().progress(progress(9, 850)).build();
        MigrationJobStatus caughtUp = resumed.toBuilder().progress(progress(10, 1_000)).build();
        MigrationJobStatus done = resumed.toBuilder().phase(Phase.Succeeded).progress(progress(14, 1_200).finished()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, running);
        metrics.observed(A, running, paused);
        metrics.observed(A, paused, resumed);
        metrics.observed(A, resumed, fromCheckpoint);
        metrics.observed(A, fromCheckpoint, caughtUp);
        metrics.observed(A, caughtUp, done);

        assertEquals(1_200, registry.get(MigrationMetrics.BYTES).counter().count(), "every byte of the pass once");
        assertEquals(14, registry.get(MigrationMetrics.OBJECTS).counter().count());
        assertEquals(1_200, value(MigrationMetrics.COPIED_BYTES, A), "the per-migration gauge shows the status");
    }

    /** Pass 2 (spec.trigger.manual, a schedule) copies what changed: its own bytes count, even when fewer than pass 1's. */
    @Test
    void aNewPassCountsItsOwnBytes() {
        MigrationJobStatus first = status(Phase.Succeeded, progress(25, 4_000).finished());
        MigrationJobStatus second = first.toBuilder().phase(Phase.Pending).pass(2).progress(null).build();
        MigrationJobStatus secondCopying = second.toBuilder().phase(Phase.Running).progress(progress(3, 300)).build();
        MigrationJobStatus secondDone = secondCopying.toBuilder().phase(Phase.Succeeded).progress(progress(5, 500).finished()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, first);
        metrics.observed(A, first, second);
        metrics.observed(A, second, secondCopying);
        metrics.observed(A, secondCopying, secondDone);
        metrics.observed(A, secondDone, secondDone);

        assertEquals(4_500, registry.get(MigrationMetrics.BYTES).counter().count(), "4 000 of pass 1, then 500 of pass 2");
        assertEquals(30, registry.get(MigrationMetrics.OBJECTS).counter().count());
    }

    private double value(String name, ResourceID id) {
        return registry.get(name).tags(tags(id)).gauge().value();
    }

    private Object find(String name, ResourceID id) {
        return registry.find(name).tags(tags(id)).gauge();
    }

    private static String[] tags(ResourceID id) {
        return new String[] {"namespace", id.getNamespace().orElseThrow(), "name", id.getName()};
    }

    /** 100 objects (25 copied, 5 skipped, 2 failed), 10 000 bytes, 100 bytes/s. */
    /** A second pass (spec.trigger.manual) is counted again, its duration from its own start, not the migration's. */
    @Test
    void aLaterPassIsCountedWithItsOwnDuration() {
        Instant passStart = START.plus(Duration.ofDays(2));
        MigrationJobStatus first = status(Phase.Succeeded, progress(25, 4_000)).toBuilder().startTime(START.toString())
                .completionTime(START.plus(Duration.ofMinutes(30)).toString()).build();
        MigrationJobStatus second = first.toBuilder().phase(Phase.Running).pass(2).passStartTime(passStart.toString())
                .completionTime(null).progress(null).build();
        MigrationJobStatus secondDone = second.toBuilder().phase(Phase.Succeeded)
                .completionTime(passStart.plus(Duration.ofMinutes(5)).toString()).build();
        metrics.observed(A, MigrationJobStatus.EMPTY, first.toBuilder().phase(Phase.Running).completionTime(null).build());
        metrics.observed(A, first.toBuilder().phase(Phase.Running).completionTime(null).build(), first);
        metrics.observed(A, first, second);
        metrics.observed(A, second, secondDone);

        assertEquals(2, registry.get(MigrationMetrics.PASSES).tags(tags(A)).tag("result", "Succeeded").counter().count());
        Timer duration = registry.get(MigrationMetrics.PASS_DURATION).tags(tags(A)).tag("result", "Succeeded").timer();
        assertEquals(2, duration.count());
        assertEquals(35, duration.totalTime(TimeUnit.MINUTES), 1e-9, "30 minutes, then 5: not two days and 5 minutes");
    }

    private static ProgressStatus progress(long objects, long bytes) {
        return ProgressStatus.of(new Progress(true, 100, objects, 5, 2, 10_000, bytes, 100, "k"));
    }

    private static MigrationJobStatus status(Phase phase, ProgressStatus progress) {
        return MigrationJobStatus.EMPTY.toBuilder().phase(phase).progress(progress).build();
    }
}
