package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What to copy where. Both sides name a Secret in the MigrationJob's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationJobSpec(
        @Required
        @JsonPropertyDescription("The bucket to copy from (only read: listed and downloaded)")
        BucketSpec source,
        @Required
        @JsonPropertyDescription("The bucket to copy into; objects already there with the same size and checksum are skipped")
        BucketSpec destination,
        @JsonPropertyDescription("How the copier runs: parallelism, bandwidth, verification, metadata, storage class")
        Options options,
        @JsonPropertyDescription("DeleteWhenDone (default) deletes the referenced Secrets when the migration ends, is"
                + " cancelled or paused; Retain keeps them")
        @Default("DeleteWhenDone")
        CredentialsRetention credentialsRetention,
        @JsonPropertyDescription("true pauses (the pod stops, the checkpoint is kept); false again resumes from it")
        @Default("false")
        Boolean suspend,
        @JsonPropertyDescription("true stops the migration for good; data already copied stays")
        @ValidationRule(value = "oldSelf == false || self == true", message = "a cancelled MigrationJob cannot be un-cancelled:"
                + " create a new one")
        @Default("false")
        Boolean cancel,
        @JsonPropertyDescription("true runs only the pre-flight check (list the source, write and delete a probe object"
                + " at the destination)")
        @Default("false")
        Boolean preflightOnly,
        @JsonPropertyDescription("AfterCopy (default) compares the destination with the source after each successful copy"
                + " pass (phase Verifying; status.verification and condition Consistent; missing or mismatched objects fail"
                + " the MigrationJob with reason VerificationFailed); None ends the pass when the copy succeeds")
        @Default("AfterCopy")
        VerificationPolicy verification,
        @JsonPropertyDescription("Runs another pass of a finished MigrationJob: manual (any new value) starts one,"
                + " schedule (cron, UTC) starts them on schedule until it is removed")
        Trigger trigger,
        @JsonPropertyDescription("Optional: each copy and verify run writes a JSON Lines report of every failed, missing or"
                + " mismatched key into the destination bucket (status.report.key names it); without it status.failures"
                + " keeps the first ones only")
        ReportSpec report,
        @JsonPropertyDescription("Copy pods (1-64, default 1): with N > 1 the pre-flight also cuts the source into N key"
                + " ranges and the copy and the verification run as Indexed Jobs of N pods, one range each, sharing"
                + " options.concurrency and options.bandwidthLimit; fixed once the migration has started (docs/scale.md)")
        @Min(1)
        @Max(MAX_PARALLELISM)
        @Default("1")
        Integer parallelism) {

    /** Status grows with every shard (status.shards), and every status write sends it whole: docs/scale.md. */
    public static final int MAX_PARALLELISM = 64;

    public MigrationJobSpec {
        options = options == null ? Options.DEFAULTS : options;
    }

    public MigrationJobSpec(BucketSpec source, BucketSpec destination, Options options) {
        this(source, destination, options, null, null, null, null, null, null, null, null);
    }

    /** No report, one copy pod (the default parallelism). */
    public MigrationJobSpec(BucketSpec source, BucketSpec destination, Options options, CredentialsRetention credentialsRetention,
                            Boolean suspend, Boolean cancel, Boolean preflightOnly, VerificationPolicy verification, Trigger trigger) {
        this(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly, verification, trigger, null, null);
    }

    /** How many copy pods (shards): 1 unless set. */
    @JsonIgnore
    public int shards() {
        return parallelism == null ? 1 : parallelism;
    }

    public MigrationJobSpec withParallelism(Integer value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly,
                verification, trigger, report, value);
    }

    /**
     * The destination as the copier writes it: a single source key goes to destination.key, by default the same key;
     * a source prefix goes under destination.prefix, by default the same prefix (an explicit "" is the bucket's top).
     */
    @JsonIgnore
    public BucketSpec destinationWithDefaults() {
        if (source.key() != null) {
            return destination.withKeys(null, destination.key() != null ? destination.key() : source.key());
        }
        if (destination.prefix() == null && source.prefix() != null && !source.prefix().isEmpty()) {
            return destination.withKeys(source.prefix(), null);
        }
        return destination;
    }

    /** {@code spec.report.destinationPrefix}, null without a report. */
    @JsonIgnore
    public String reportPrefix() {
        return report == null ? null : report.destinationPrefix();
    }

    public MigrationJobSpec withSides(BucketSpec newSource, BucketSpec newDestination) {
        return new MigrationJobSpec(newSource, newDestination, options, credentialsRetention, suspend, cancel, preflightOnly,
                verification, trigger, report, parallelism);
    }

    public MigrationJobSpec withReport(String destinationPrefix) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly, verification,
                trigger, destinationPrefix == null ? null : new ReportSpec(destinationPrefix), parallelism);
    }

    // Explicit accessors: a record component's annotations would otherwise also land on the generated accessor,
    // and the CRD generator would emit each CEL rule twice.
    @Override
    public BucketSpec source() {
        return source;
    }

    @Override
    public BucketSpec destination() {
        return destination;
    }

    @Override
    public Boolean cancel() {
        return cancel;
    }

    @JsonIgnore
    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    @JsonIgnore
    public boolean cancelled() {
        return Boolean.TRUE.equals(cancel);
    }

    @JsonIgnore
    public boolean onlyPreflight() {
        return Boolean.TRUE.equals(preflightOnly);
    }

    @JsonIgnore
    public CredentialsRetention retention() {
        return credentialsRetention == null ? CredentialsRetention.DeleteWhenDone : credentialsRetention;
    }

    /** Whether a successful copy pass is followed by a verify run ({@code AfterCopy}, the default). */
    @JsonIgnore
    public boolean verifiesAfterCopy() {
        return verification != VerificationPolicy.None;
    }

    public MigrationJobSpec withOptions(Options value) {
        return new MigrationJobSpec(source, destination, value, credentialsRetention, suspend, cancel, preflightOnly, verification, trigger,
                report, parallelism);
    }

    public MigrationJobSpec withSuspend(boolean value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, value, cancel, preflightOnly, verification, trigger, report, parallelism);
    }

    public MigrationJobSpec withCancel(boolean value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, value, preflightOnly, verification, trigger, report, parallelism);
    }

    public MigrationJobSpec withPreflightOnly(boolean value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, value, verification, trigger, report, parallelism);
    }

    public MigrationJobSpec withRetention(CredentialsRetention value) {
        return new MigrationJobSpec(source, destination, options, value, suspend, cancel, preflightOnly, verification, trigger, report, parallelism);
    }

    /** {@code spec.trigger.manual}, null when unset. */
    @JsonIgnore
    public String manualTrigger() {
        return trigger == null ? null : trigger.manual();
    }

    public MigrationJobSpec withManualTrigger(String value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly,
                verification, new Trigger(value, schedule()), report, parallelism);
    }

    /** {@code spec.trigger.schedule}, null when unset. */
    @JsonIgnore
    public String schedule() {
        return trigger == null ? null : trigger.schedule();
    }

    public MigrationJobSpec withSchedule(String value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly,
                verification, new Trigger(manualTrigger(), value), report, parallelism);
    }

    public MigrationJobSpec withVerification(VerificationPolicy value) {
        return new MigrationJobSpec(source, destination, options, credentialsRetention, suspend, cancel, preflightOnly, value, trigger, report, parallelism);
    }
}
