package io.s3migration.operator.reconcile;

import io.s3migration.operator.reconcile.Decision;
import io.s3migration.operator.reconcile.Decision.Event;
import io.s3migration.operator.reconcile.Decision.JobToCreate;
import io.s3migration.operator.reconcile.Observation;
import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ReportStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.SyncRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyOrder;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** How a status reads to kstatus-aware tools. */
enum Health { PROGRESSING, WAITING, STALLED, SUCCEEDED, FAILED, STOPPED }

/** One decision of {@link Phases} under construction: the next status, what to do, the Events. */
final class Step {
    final Observation o;
    final MigrationJobStatus current;
    MigrationJobStatus next;
    boolean apply;
    Optional<JobToCreate> create = Optional.empty();
    final List<String> deleteJobs = new ArrayList<>();
    Optional<String> suspendJob = Optional.empty();
    boolean deleteCredentials;
    boolean deleteTenantSecrets;
    final List<Event> events = new ArrayList<>();

    Step(Observation o, MigrationJobStatus current) {
        this.o = o;
        this.current = current;
        this.next = current;
    }

    void conditions(List<Condition> c) {
        next = next.withConditions(c);
    }

    /** A parallel migration: the shards of this pass (status.shards), cut by its pre-flight. */
    boolean sharded() {
        return current.shards() != null && !current.shards().isEmpty();
    }

    /** Each shard as its newest pod reports it: phase, its own checkpoint and counts; a shard without a pod as it was. */
    List<ShardStatus> shardsNow() {
        return current.shards().stream().map(shard -> {
            CopierPodReport pod = o.shardPods().get(shard.index());
            if (pod == null) {
                return shard;
            }
            String phase = pod.exitCode() != null ? (pod.exitCode() == 0 ? ShardStatus.SUCCEEDED : ShardStatus.FAILED)
                    : pod.running() ? ShardStatus.RUNNING : shard.phase();
            Checkpoint checkpoint = pod.progress().map(Progress::lastKey).filter(k -> !k.isEmpty())
                    .map(k -> Checkpoint.of(k, pod.checkpointCounts().orElse(null))).orElse(shard.checkpoint());
            ShardStatus.Counts counts = pod.progress().map(ShardStatus.Counts::of).orElse(shard.counts());
            return shard.with(phase, checkpoint, counts);
        }).toList();
    }

    Optional<ProgressStatus> progressNow() {
        if (sharded()) {
            return Shards.progress(next.shards() != null ? next.shards() : current.shards()).or(() -> Optional.ofNullable(current.progress()));
        }
        return o.pod().progress().map(ProgressStatus::of).or(() -> Optional.ofNullable(current.progress()));
    }

    Checkpoint checkpointNow() {
        if (sharded()) {
            // Each shard resumes from its own (status.shards[].checkpoint); there is no single one.
            return current.checkpoint();
        }
        return o.pod().progress().map(Progress::lastKey).filter(k -> !k.isEmpty())
                .map(k -> Checkpoint.of(k, o.pod().checkpointCounts().orElse(null))).orElse(current.checkpoint());
    }

    /** The migration's failed objects: those of earlier runs first, then this run's, each key once, first N. */
    List<Failure> failuresNow() {
        Map<String, Failure> byKey = new LinkedHashMap<>();
        // A parallel run: every shard's pod names its own failures, not only the one pod the observation leads with.
        List<Failure> thisRun = sharded() ? Shards.failures(o.shardPods()) : o.pod().failures();
        Stream.concat(current.failures() == null ? Stream.empty() : current.failures().stream(), thisRun.stream())
                .forEach(f -> byKey.putIfAbsent(f.key(), f));
        return byKey.values().stream().limit(o.maxFailures()).toList();
    }

    /** The failures a run resuming after {@code checkpoint} (a parallel run: each shard's) will not see again: those of keys up to it. */
    List<Failure> failuresUpTo(Checkpoint checkpoint) {
        if (sharded()) {
            return Shards.upToCheckpoints(failuresNow(), next.shards() != null ? next.shards() : current.shards());
        }
        return checkpoint == null ? List.of() : failuresNow().stream()
                .filter(f -> KeyOrder.INSTANCE.compare(f.key(), checkpoint.lastKey()) <= 0).toList();
    }

    /** The report to show: the one the run that just ended names (spec.report; a parallel run's: one per shard), else the one shown already. */
    ReportStatus reportNow() {
        if (sharded()) {
            List<String> keys = Shards.reportKeys(o.shardPods());
            return keys.isEmpty() ? current.report() : ReportStatus.ofShards(keys);
        }
        return o.pod().summary().map(Summary::reportKey).map(ReportStatus::new).orElse(current.report());
    }

    Decision pause(String message) {
        deleteCredentials = true;
        deleteTenantSecrets = o.switches().retention() == CredentialsRetention.DeleteWhenDone;
        return enter(Phase.Paused, Health.STOPPED, StatusReason.Paused, message).decision();
    }

    Decision end(Phase phase, Health health, StatusReason reason, String message) {
        return end(phase, health, reason.name(), message);
    }

    Decision end(Phase phase, Health health, String reason, String message) {
        return end(phase, health, reason, message, o.switches().retention() == CredentialsRetention.DeleteWhenDone);
    }

    /**
     * Failed before anything ran (the endpoint policy, the name): no finish, so the tenant's Secrets stay for the
     * corrected MigrationJob (and for any other one that names them).
     */
    Decision refuse(StatusReason reason, String message) {
        return end(Phase.Failed, Health.FAILED, reason.name(), message, false);
    }

    private Decision end(Phase phase, Health health, String reason, String message, boolean purgeTenantSecrets) {
        next = next.toBuilder().completionTime(o.now().toString()).report(reportNow()).build();
        deleteCredentials = true;
        enter(phase, health, reason, message);
        // A pass refused or cancelled before it started ran nothing: no record. (A status from before passes were
        // recorded has no passStartTime: its first pass began at startTime.)
        String started = next.passStartTime() != null ? next.passStartTime() : next.passes() == 1 ? next.startTime() : null;
        if (started != null) {
            next = next.withPassEnded(passEnded(phase, reason, started));
        }
        // A trigger set while this pass ran starts the next pass at once, a schedule starts more: their Secrets stay.
        deleteTenantSecrets = purgeTenantSecrets && next.finished(o.switches().manualTrigger(), o.switches().schedule());
        return decision();
    }

    /** The pass that ends now, for status.lastSync and status.history. */
    private SyncRecord passEnded(Phase phase, String reason, String started) {
        ProgressStatus progress = next.progress();
        Long seconds = null;
        try {
            seconds = Math.max(0, Duration.between(Instant.parse(started), o.now()).toSeconds());
        } catch (DateTimeParseException unreadable) {
            // a hand-edited status: no duration rather than no record
        }
        return new SyncRecord(next.passes(), started, o.now().toString(), seconds, SyncRecord.Result.valueOf(phase.name()),
                reason, o.pod().exitCode(), progress == null ? null : progress.objectsCopied(), progress == null ? null : progress.bytesCopied());
    }

    Step enter(Phase phase, Health health, StatusReason reason, String message) {
        return enter(phase, health, reason.name(), message);
    }

    Step enter(Phase phase, Health health, String reason, String message) {
        Long gen = o.generation();
        String now = o.now().toString();
        List<Condition> c = next.conditions();
        c = Conditions.put(c, Conditions.READY, health == Health.SUCCEEDED, reason, message, gen, now);
        c = Conditions.put(c, Conditions.RECONCILING, health == Health.PROGRESSING || health == Health.WAITING, reason, message, gen, now);
        c = Conditions.put(c, Conditions.STALLED, health == Health.STALLED || health == Health.FAILED, reason, message, gen, now);
        if (health == Health.SUCCEEDED) {
            c = Conditions.put(c, Conditions.COMPLETE, true, reason, message, gen, now);
        }
        if (health == Health.FAILED) {
            c = Conditions.put(c, Conditions.FAILED, true, reason, message, gen, now);
        }
        next = next.toBuilder().phase(phase).message(message).conditions(c).observedGeneration(gen).build();
        return this;
    }

    /** Adds the Event of this step when the phase or its reason changed (unless the step already named one). */
    Decision decision() {
        String beforeReason = Conditions.find(current.conditions(), Conditions.READY).map(Condition::getReason).orElse(null);
        String afterReason = Conditions.find(next.conditions(), Conditions.READY).map(Condition::getReason).orElse(null);
        boolean changed = current.phase() != next.phase() || !Objects.equals(beforeReason, afterReason);
        if (changed && events.stream().noneMatch(e -> e.reason().equals(afterReason))) {
            boolean warning = next.phase() == Phase.Failed
                    || Conditions.find(next.conditions(), Conditions.STALLED).map(c -> "True".equals(c.getStatus())).orElse(false);
            events.add(new Event(warning, afterReason, next.message()));
        }
        return new Decision(next, apply, create, List.copyOf(deleteJobs), suspendJob, deleteCredentials,
                deleteTenantSecrets, List.copyOf(events));
    }
}
