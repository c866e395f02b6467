package io.s3migration.operator.api;

/**
 * Every reason the operator itself writes into a condition or an Event (the name is what users see in
 * {@code kubectl get mj} and {@code kubectl describe}). A failed copy's reason is the copier's own
 * ({@link io.s3migration.protocol.Reason}) or the Job's; those are not listed here.
 */
public enum StatusReason {
    // waiting, with what to do in the message
    /** A Secret named by credentialsSecretRef does not exist in the namespace. */
    SecretNotFound,
    /** The Secret lacks the key credentialsSecretRef names. */
    SecretKeyMissing,
    /** The Secret is not labelled {@code s3migration.io/credentials: "true"}, so it is never read. */
    SecretNotMarked,
    /** A Secret the operator did not create has the name of the operator's credentials copy. */
    CredentialsNameTaken,
    /** Another NetworkPolicy of the namespace would reopen the copy pod's egress; waits until it is narrowed. */
    EgressWallBypassed(true),
    /** The endpoint's host does not resolve right now (a typo, or a DNS outage that will pass). */
    EndpointUnresolved(true),
    /**
     * spec.options sets a bandwidthLimit or concurrency above the platform's maximum (the chart's admission policy was off
     * or the maximum was lowered since): waits until the spec is lowered, or the maximum raised.
     */
    LimitExceeded(true),
    /** The namespace's concurrency or daily quota is used up: Queued until a slot frees. */
    QuotaExceeded,
    /** Resuming waits for the credentials Secrets (deleted at the pause) to be created again. */
    WaitingForSecret,

    // refused before anything ran: fix the spec (or re-create the MigrationJob)
    /** The endpoint is not a usable URL. */
    InvalidEndpoint,
    /** The endpoint is a valid URL that the platform's policy forbids. */
    EndpointNotAllowed,
    /** The name is too long for the copier Job's name and labels. */
    NameTooLong,
    /** spec.trigger.schedule is not a valid 5-field cron expression (the CRD's rule was bypassed or is older). */
    InvalidSchedule,

    // progress
    PreflightRunning,
    PreflightPassed,
    PreflightFailed,
    /** spec.parallelism > 1: the pre-flight pod's plan gave no usable key ranges. */
    PlanFailed,
    JobPending,
    Started,
    Copying,
    Paused,
    Resumed,
    /** A new spec.trigger.manual value on a finished MigrationJob: another pass starts. */
    PassTriggered,
    /** spec.trigger.schedule named a time that has come on a finished MigrationJob: another pass starts. */
    PassScheduled,
    /** The copy pass succeeded (an Event; the pass goes on to the verification with AfterCopy). */
    Copied,
    VerificationRunning,
    /** Condition Consistent True: every source object matched at the destination. */
    VerificationPassed,

    // ends
    Succeeded,
    PreflightOnly,
    Cancelled,
    // A verification with missing or mismatched objects fails with the copier's own reason, VerificationFailed.
    /**
     * Condition Consistent False (and the pass's end) when the only differences are objects written to the source after
     * the pass started: the pass Succeeded; stop writes and trigger another pass.
     */
    SourceChangedDuringPass,
    /** The copier Job failed without a summary of the copier's own. */
    JobFailed,
    /** The copier Job disappeared before it finished. */
    JobDeleted;

    private final boolean mayPassLater;

    StatusReason() {
        this(false);
    }

    StatusReason(boolean mayPassLater) {
        this.mayPassLater = mayPassLater;
    }

    /** For a refusal: whether the same spec can pass later without anyone changing it (the MigrationJob waits). */
    public boolean mayPassLater() {
        return mayPassLater;
    }
}
