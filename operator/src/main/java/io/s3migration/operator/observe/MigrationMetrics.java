package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.config.OperatorConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of the MigrationJobs, fed by the status changes the reconciler observes.
 *
 * <p>Per MigrationJob, labelled {@code namespace} and {@code name} (the MigrationJob's; the chart's ServiceMonitor sets
 * {@code honorLabels: true} so Prometheus keeps them instead of renaming them {@code exported_namespace}, as for the
 * Java Operator SDK's own per-resource series {@code operator_sdk_reconciliations_*{namespace, name}}): {@link #INFO}
 * (value 1, the phase as a label), the copier's counts, ETA and rate, the copy Job's deadline while Running, passes by
 * result and their duration, and the last completion time. A deleted MigrationJob's series go ({@link #retainOnly}).
 *
 * <p>Per operator, kept for dashboards that use them and because they outlive deleted MigrationJobs:
 * {@link #BY_PHASE}, {@link #BYTES} and {@link #OBJECTS} (counters fed by the growth of each pass's counts beyond the most
 * it was seen to reach, {@link CopiedHighWater}: a resumed run re-copies from its checkpoint, which is not counted twice) and
 * {@link #ERRORS} (reconciles that failed, optimistic-concurrency conflicts left out; {@link #RECONCILE_ERRORS} counts
 * them per MigrationJob).
 * Reconcile counts and durations per MigrationJob are the SDK's ({@code operator_sdk_reconciliations_started_total},
 * {@code _success_total}, {@code _failed_total}, {@code operator_sdk_controllers_execution_reconcile_seconds}) and are
 * not repeated here.
 */
@ApplicationScoped
public class MigrationMetrics {
    public static final String BY_PHASE = "s3migration_migrations";
    public static final String BYTES = "s3migration_copied_bytes";
    public static final String OBJECTS = "s3migration_copied_objects";
    public static final String ERRORS = "s3migration_reconcile_errors";

    /** Value 1, one series per MigrationJob, labelled with its current phase. */
    public static final String INFO = "s3migration_migration_info";
    public static final String COPIED_BYTES = "s3migration_migration_copied_bytes";
    public static final String SOURCE_BYTES = "s3migration_migration_source_bytes";
    public static final String COPIED_OBJECTS = "s3migration_migration_copied_objects";
    public static final String SKIPPED_OBJECTS = "s3migration_migration_skipped_objects";
    public static final String FAILED_OBJECTS = "s3migration_migration_failed_objects";
    public static final String SOURCE_OBJECTS = "s3migration_migration_source_objects";
    /** Objects done (copied, skipped, failed) of the total, 0..1; only once the source is sized (status.progress.percent). */
    public static final String PROGRESS = "s3migration_migration_progress_ratio";
    /** The copier's current transfer rate. */
    public static final String RATE = "s3migration_migration_rate_bytes_per_second";
    /** Seconds left at the current rate; only while Running with an ETA (status.progress.etaSeconds). */
    public static final String ETA = "s3migration_migration_eta_seconds";
    /** When the running copy Job reaches its activeDeadlineSeconds (approximated, see {@link #copyStart}); only while Running. */
    public static final String DEADLINE = "s3migration_migration_copy_deadline_timestamp_seconds";
    /** status.completionTime of the last pass that ended. */
    public static final String LAST_COMPLETION = "s3migration_migration_last_completion_timestamp_seconds";
    /** Passes that ended, by result (the terminal phase: Succeeded, Failed, Cancelled). */
    public static final String PASSES = "s3migration_migration_passes";
    /** status.startTime to status.completionTime of the passes that ended, by result. */
    public static final String PASS_DURATION = "s3migration_migration_pass_duration";
    /**
     * Reconciles of the MigrationJob that ended in an error (conflicts left out), every one: the SDK's
     * {@code operator_sdk_reconciliations_failed_total} counts a failure only when it schedules a retry for it, not when
     * an event that arrived meanwhile runs the reconcile again at once, nor once the retries are spent.
     */
    public static final String RECONCILE_ERRORS = "s3migration_migration_reconcile_errors";

    static final List<Phase> RESULTS = List.of(Phase.Succeeded, Phase.Failed, Phase.Cancelled);
    private static final Duration[] PASS_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(4), Duration.ofDays(7)};

    @Inject
    MeterRegistry registry;

    @Inject
    OperatorConfig config;

    /** The copy Job's activeDeadlineSeconds; from {@link #config} unless a test set it. */
    Duration copyDeadline;
    Clock clock = Clock.systemUTC();

    private final Map<ResourceID, Migration> migrations = new ConcurrentHashMap<>();
    private Counter bytes;
    private Counter objects;
    private Counter errors;

    @PostConstruct
    void register() {
        if (copyDeadline == null) {
            copyDeadline = config.job().activeDeadline();
        }
        // Registering an existing id returns the existing gauge, still reading the map of whoever registered it: an
        // operator started again in one JVM (Quarkus tests share Micrometer's global registry) would show the first
        // instance's phases forever. So the phase gauges are this instance's, whatever the registry held before.
        registry.find(BY_PHASE).meters().forEach(registry::remove);
        for (Phase phase : Phase.values()) {
            Gauge.builder(BY_PHASE, migrations, m -> m.values().stream().filter(s -> s.phase == phase).count())
                    .description("MigrationJobs by phase").tag("phase", phase.name()).register(registry);
        }
        bytes = Counter.builder(BYTES).description("Bytes copied by all migrations").baseUnit("bytes").register(registry);
        objects = Counter.builder(OBJECTS).description("Objects copied by all migrations").register(registry);
        errors = Counter.builder(ERRORS).description("Reconciles that ended in an error").register(registry);
    }

    /** Records one reconcile's status change (called on every reconcile, also when nothing changed). */
    public synchronized void observed(ResourceID id, MigrationJobStatus before, MigrationJobStatus after) {
        Migration m = migration(id, before);
        CopiedHighWater mark = m.copied.after(after);
        bytes.increment(mark.bytesBeyond(m.copied));
        objects.increment(mark.objectsBeyond(m.copied));
        m.copied = mark;
        Instant now = clock.instant();
        if (after.attempts() > before.attempts()) {
            m.copyCreated = now; // this reconcile created the copy Job of the new attempt
        }
        m.update(before, after);
    }

    /** Drops MigrationJobs that no longer exist, with all their series. */
    public synchronized void retainOnly(Set<ResourceID> existing) {
        migrations.entrySet().removeIf(e -> {
            if (existing.contains(e.getKey())) {
                return false;
            }
            e.getValue().remove();
            return true;
        });
    }

    /** A reconcile of the MigrationJob, whose status was {@code current}, ended in an error. */
    public synchronized void reconcileFailed(ResourceID id, MigrationJobStatus current) {
        errors.increment();
        migration(id, current).reconcileErrors.increment();
    }

    private Migration migration(ResourceID id, MigrationJobStatus current) {
        // A migration first seen now (created, or this operator just started) was counted up to `current` elsewhere, if at all.
        return migrations.computeIfAbsent(id, key -> new Migration(key, CopiedHighWater.of(current)));
    }

    /**
     * When the running copy Job started, for its deadline: the time of the reconcile that created it (the attempt
     * grew), or, when this operator did not see that (it started since), status.startTime: when the migration's first
     * step (the pre-flight) started, earlier than any copy Job, so the deadline shown is never later than the real one.
     */
    Instant copyStart(Migration m, MigrationJobStatus status) {
        if (m.copyCreated != null) {
            return m.copyCreated;
        }
        return parse(status.startTime());
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The series of one MigrationJob. Its gauges read the fields, which only {@link #update} writes. */
    final class Migration {
        private final Tags tags;
        private final List<Meter> fixed = new ArrayList<>();
        private final Map<String, Meter> optional = new HashMap<>();
        private final Map<Phase, Counter> passes = new EnumMap<>(Phase.class);
        private final Map<Phase, Timer> durations = new EnumMap<>(Phase.class);
        private final Counter reconcileErrors;
        volatile Phase phase;
        private Meter info;
        private volatile ProgressStatus progress;
        private volatile double eta = Double.NaN;
        private volatile double deadline = Double.NaN;
        private volatile double lastCompletion = Double.NaN;
        Instant copyCreated;
        /** What {@link #BYTES} and {@link #OBJECTS} have counted of this migration's current pass. */
        CopiedHighWater copied;

        Migration(ResourceID id, CopiedHighWater counted) {
            copied = counted;
            tags = Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
            fixed.add(gauge(COPIED_BYTES, "Bytes copied to the destination", "bytes", p -> p.bytesCopied()));
            fixed.add(gauge(SOURCE_BYTES, "Bytes found at the source (so far, until the source is sized)", "bytes", p -> p.bytesTotal()));
            fixed.add(gauge(COPIED_OBJECTS, "Objects copied to the destination", null, p -> p.objectsCopied()));
            fixed.add(gauge(SKIPPED_OBJECTS, "Objects already at the destination, not copied again", null, p -> p.objectsSkipped()));
            fixed.add(gauge(FAILED_OBJECTS, "Objects that could not be copied", null, p -> p.objectsFailed()));
            fixed.add(gauge(SOURCE_OBJECTS, "Objects found at the source (so far, until the source is sized)", null, p -> p.objectsTotal()));
            fixed.add(gauge(RATE, "The copier's current transfer rate (0 when no copy runs)", null, p -> p.bytesPerSecond()));
            for (Phase result : RESULTS) {
                Counter c = Counter.builder(PASSES).description("Passes that ended, by result").tags(tags)
                        .tag("result", result.name()).register(registry);
                passes.put(result, c);
                fixed.add(c);
            }
            // From 0, so that Prometheus' increase() sees the first error too.
            reconcileErrors = Counter.builder(RECONCILE_ERRORS).description("Reconciles of the MigrationJob that ended in an error")
                    .tags(tags).register(registry);
            fixed.add(reconcileErrors);
        }

        private Meter gauge(String name, String description, String unit, ToDoubleFunction<ProgressStatus> value) {
            return Gauge.builder(name, this, m -> m.progress == null ? 0 : value.applyAsDouble(m.progress))
                    .description(description).baseUnit(unit).tags(tags).strongReference(true).register(registry);
        }

        void update(MigrationJobStatus before, MigrationJobStatus after) {
            progress = after.progress();
            if (after.phase() != null && after.phase() != phase) {
                if (info != null) {
                    registry.remove(info);
                }
                info = Gauge.builder(INFO, () -> 1).description("One series per MigrationJob, value 1, labelled with its phase")
                        .tags(tags).tag("phase", after.phase().name()).strongReference(true).register(registry);
                phase = after.phase();
            }
            boolean running = after.phase() == Phase.Running;
            Long etaSeconds = after.progress() == null ? null : after.progress().etaSeconds();
            eta = running && etaSeconds != null ? etaSeconds : Double.NaN;
            Instant copyStart = running ? copyStart(this, after) : null;
            deadline = copyStart == null ? Double.NaN : copyStart.plus(copyDeadline).getEpochSecond();
            Instant completed = parse(after.completionTime());
            lastCompletion = completed == null ? Double.NaN : completed.getEpochSecond();
            optional(PROGRESS, "Objects done (copied, skipped or failed) of the total, 0 to 1, once the source is sized",
                    m -> m.progress == null || m.progress.percent() == null ? Double.NaN : m.progress.percent() / 100);
            optional(ETA, "Seconds left at the current rate, while Running", m -> m.eta);
            optional(DEADLINE, "When the running copy Job reaches its active deadline (copy start + the operator's"
                    + " job active deadline; the migration's start when this operator did not see the copy start)", m -> m.deadline);
            optional(LAST_COMPLETION, "status.completionTime of the last pass that ended", m -> m.lastCompletion);

            boolean entersTerminal = after.phase() != null && after.phase().isTerminal()
                    && (before.phase() == null || !before.phase().isTerminal());
            if (entersTerminal) {
                passes.get(after.phase()).increment();
                // This pass's start (a MigrationJob runs again on spec.trigger.manual); the migration's own before passes were recorded.
                Instant started = parse(after.passStartTime() != null ? after.passStartTime() : after.startTime());
                if (started != null && completed != null && !completed.isBefore(started)) {
                    durations.computeIfAbsent(after.phase(), result -> {
                        Timer t = Timer.builder(PASS_DURATION).description("status.startTime to status.completionTime of the passes"
                                        + " that ended, by result").tags(tags).tag("result", result.name())
                                .serviceLevelObjectives(PASS_BUCKETS).register(registry);
                        fixed.add(t);
                        return t;
                    }).record(Duration.between(started, completed));
                }
            }
        }

        /** A gauge that exists while its value is a number. */
        private void optional(String name, String description, ToDoubleFunction<Migration> value) {
            boolean present = !Double.isNaN(value.applyAsDouble(this));
            Meter meter = optional.get(name);
            if (present && meter == null) {
                optional.put(name, Gauge.builder(name, this, value).description(description).tags(tags).strongReference(true)
                        .register(registry));
            } else if (!present && meter != null) {
                registry.remove(optional.remove(name));
            }
        }

        void remove() {
            fixed.forEach(registry::remove);
            optional.values().forEach(registry::remove);
            if (info != null) {
                registry.remove(info);
            }
            phase = null;
        }
    }
}
