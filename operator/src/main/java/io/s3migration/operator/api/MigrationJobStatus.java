package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.protocol.Failure;

import java.util.List;

/** What the operator observed; written only through the status subresource. Times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationJobStatus(
        @JsonPropertyDescription("Pending -> Queued -> Preflight -> Running -> Verifying -> Succeeded | Failed | Cancelled;"
                + " Paused while spec.suspend is true")
        Phase phase,
        @JsonPropertyDescription("kstatus conditions Ready, Reconciling, Stalled, plus PreflightPassed, Consistent (the"
                + " destination matched the source after the copy), Complete and Failed (kubectl wait --for=condition=Complete)")
        @SchemaFrom(type = ConditionSchema[].class)
        List<Condition> conditions,
        @JsonPropertyDescription("The metadata.generation of the spec this status was decided from")
        Long observedGeneration,
        @JsonPropertyDescription("The copier's counters, raw and preformatted for kubectl get")
        ProgressStatus progress,
        @JsonPropertyDescription("Where a paused or restarted copy resumes, and the counts up to there")
        Checkpoint checkpoint,
        @JsonPropertyDescription("The first objects that could not be copied, with the reason")
        List<Failure> failures,
        @JsonPropertyDescription("The last post-copy verification (spec.verification: AfterCopy): matched, missing and"
                + " mismatched objects")
        VerificationStatus verification,
        @JsonPropertyDescription("The newest JSON Lines report of this pass in the destination bucket (spec.report)")
        ReportStatus report,
        @JsonPropertyDescription("The copier Job of the current step (pre-flight, copy or verify)")
        String jobName,
        @JsonPropertyDescription("Copy runs started so far; resuming after a pause starts a new one")
        Integer attempt,
        @JsonPropertyDescription("The pass running or last run: 1 for the first, one more for each later one (spec.trigger)")
        Integer pass,
        @JsonPropertyDescription("The spec.trigger.manual value of the last pass started")
        String lastManualTrigger,
        @JsonPropertyDescription("When the current or last pass started (RFC 3339)")
        String passStartTime,
        @JsonPropertyDescription("When the next scheduled pass starts (spec.trigger.schedule, RFC 3339); absent without a"
                + " schedule and while a pass runs")
        String nextSyncTime,
        @JsonPropertyDescription("The last pass that ended: times, duration, result and what it copied")
        SyncRecord lastSync,
        @JsonPropertyDescription("The last passes that ended, oldest first (at most " + MigrationJobStatus.HISTORY_LIMIT + ")")
        List<SyncRecord> history,
        @JsonPropertyDescription("When the first copy run started (RFC 3339)")
        String startTime,
        @JsonPropertyDescription("When the migration ended: Succeeded, Failed or Cancelled (RFC 3339)")
        String completionTime,
        @JsonPropertyDescription("What is happening, or what went wrong and what to do, in words")
        String message,
        @JsonPropertyDescription("The last lines of the copier's log when it failed")
        String logTail,
        @JsonPropertyDescription("spec.parallelism > 1: each key range with its phase, checkpoint and counts (progress is"
                + " their sum); cut anew by each pass's pre-flight")
        List<ShardStatus> shards) {

    public static final MigrationJobStatus EMPTY = new Builder().build();
    /** Passes kept in {@code history}. */
    public static final int HISTORY_LIMIT = 10;

    public MigrationJobStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        failures = failures == null || failures.isEmpty() ? null : List.copyOf(failures);
        history = history == null || history.isEmpty() ? null : List.copyOf(history);
    }

    /** This status with {@code pass} as lastSync and at the end of history (the oldest dropped past the limit). */
    public MigrationJobStatus withPassEnded(SyncRecord pass) {
        List<SyncRecord> passes = new java.util.ArrayList<>(history == null ? List.of() : history);
        passes.add(pass);
        return toBuilder().lastSync(pass)
                .history(passes.subList(Math.max(0, passes.size() - HISTORY_LIMIT), passes.size())).build();
    }

    /**
     * The Reason column: the Ready condition's reason (Reconciling and Stalled carry the same one). Derived here, the
     * one place, so the column and the conditions cannot disagree; written to status, ignored when read back.
     */
    @JsonProperty(value = "reason", access = JsonProperty.Access.READ_ONLY)
    @JsonPropertyDescription("Why it waits, runs or failed, in one word: the Ready condition's reason (SecretNotFound,"
            + " QuotaExceeded, Copying, InvalidAccessKeyId, ...)")
    public String reason() {
        return conditions.stream().filter(c -> "Ready".equals(c.getType())).map(Condition::getReason).findFirst().orElse(null);
    }

    public int attempts() {
        return attempt == null ? 0 : attempt;
    }

    /** The pass running or last run; 1 before any trigger. */
    public int passes() {
        return pass == null ? 1 : pass;
    }

    /**
     * Whether {@code manualTrigger} (spec.trigger.manual) asks for a pass that has not started: a value other than the
     * one the last pass started with. Only a Succeeded or Failed MigrationJob runs it (at once), one still running
     * runs it when it ends; a Cancelled one never does.
     */
    public boolean passRequested(String manualTrigger) {
        return manualTrigger != null && !manualTrigger.equals(lastManualTrigger) && phase != Phase.Cancelled;
    }

    /**
     * Finished for good as far as its credentials go: ended, no manual pass pending, and no schedule that will start
     * another (a Cancelled MigrationJob never runs again, schedule or not).
     */
    public boolean finished(String manualTrigger, String schedule) {
        return phase != null && phase.isTerminal() && !passRequested(manualTrigger) && (schedule == null || phase == Phase.Cancelled);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.phase = phase;
        b.conditions = conditions;
        b.observedGeneration = observedGeneration;
        b.progress = progress;
        b.checkpoint = checkpoint;
        b.failures = failures;
        b.verification = verification;
        b.report = report;
        b.jobName = jobName;
        b.attempt = attempt;
        b.pass = pass;
        b.lastManualTrigger = lastManualTrigger;
        b.passStartTime = passStartTime;
        b.nextSyncTime = nextSyncTime;
        b.lastSync = lastSync;
        b.history = history;
        b.startTime = startTime;
        b.completionTime = completionTime;
        b.message = message;
        b.logTail = logTail;
        b.shards = shards;
        return b;
    }

    public MigrationJobStatus withPhase(Phase newPhase, String newMessage) {
        return toBuilder().phase(newPhase).message(newMessage).build();
    }

    public MigrationJobStatus withConditions(List<Condition> newConditions) {
        return toBuilder().conditions(newConditions).build();
    }

    public MigrationJobStatus withObservedGeneration(Long generation) {
        return toBuilder().observedGeneration(generation).build();
    }

    public MigrationJobStatus withProgress(ProgressStatus newProgress) {
        return toBuilder().progress(newProgress).build();
    }

    public MigrationJobStatus withJobName(String name) {
        return toBuilder().jobName(name).build();
    }

    public MigrationJobStatus withStartTime(String time) {
        return toBuilder().startTime(time).build();
    }

    public MigrationJobStatus withCompletionTime(String time) {
        return toBuilder().completionTime(time).build();
    }

    /** The schema of {@code conditions[]}: Kubernetes' Condition, with the descriptions Fabric8's model class lacks. */
    record ConditionSchema(
            @JsonPropertyDescription("Ready, Reconciling, Stalled, PreflightPassed, Consistent, Complete or Failed")
            String type,
            @JsonPropertyDescription("True, False or Unknown")
            ConditionStatus status,
            @JsonPropertyDescription("A CamelCase code a user can act on, e.g. SecretNotFound, QuotaExceeded, InvalidAccessKeyId")
            String reason,
            @JsonPropertyDescription("What happened and what to do, in words")
            String message,
            @JsonPropertyDescription("When status last changed (RFC 3339)")
            String lastTransitionTime,
            @JsonPropertyDescription("The metadata.generation this condition was set from")
            Long observedGeneration) {
    }

    enum ConditionStatus { True, False, Unknown }

    /** Fluent copy-and-change; the record stays immutable. */
    public static final class Builder {
        private Phase phase;
        private List<Condition> conditions;
        private Long observedGeneration;
        private ProgressStatus progress;
        private Checkpoint checkpoint;
        private List<Failure> failures;
        private VerificationStatus verification;
        private ReportStatus report;
        private String jobName;
        private Integer attempt;
        private Integer pass;
        private String lastManualTrigger;
        private String passStartTime;
        private String nextSyncTime;
        private SyncRecord lastSync;
        private List<SyncRecord> history;
        private String startTime;
        private String completionTime;
        private String message;
        private String logTail;
        private List<ShardStatus> shards;

        public Builder phase(Phase v) { phase = v; return this; }
        public Builder conditions(List<Condition> v) { conditions = v; return this; }
        public Builder observedGeneration(Long v) { observedGeneration = v; return this; }
        public Builder progress(ProgressStatus v) { progress = v; return this; }
        public Builder checkpoint(Checkpoint v) { checkpoint = v; return this; }
        public Builder failures(List<Failure> v) { failures = v; return this; }
        public Builder verification(VerificationStatus v) { verification = v; return this; }
        public Builder report(ReportStatus v) { report = v; return this; }
        public Builder jobName(String v) { jobName = v; return this; }
        public Builder attempt(Integer v) { attempt = v; return this; }
        public Builder pass(Integer v) { pass = v; return this; }
        public Builder lastManualTrigger(String v) { lastManualTrigger = v; return this; }
        public Builder passStartTime(String v) { passStartTime = v; return this; }
        public Builder nextSyncTime(String v) { nextSyncTime = v; return this; }
        public Builder lastSync(SyncRecord v) { lastSync = v; return this; }
        public Builder history(List<SyncRecord> v) { history = v; return this; }
        public Builder startTime(String v) { startTime = v; return this; }
        public Builder completionTime(String v) { completionTime = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder logTail(String v) { logTail = v; return this; }
        public Builder shards(List<ShardStatus> v) { shards = v; return this; }

        public MigrationJobStatus build() {
            return new MigrationJobStatus(phase, conditions, observedGeneration, progress, checkpoint, failures, verification, report, jobName,
                    attempt, pass, lastManualTrigger, passStartTime, nextSyncTime, lastSync, history, startTime, completionTime, message, logTail, shards);
        }
    }
}
