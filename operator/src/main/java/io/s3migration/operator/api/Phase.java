package io.s3migration.operator.api;

/** Where a MigrationJob is in its life. */
public enum Phase {
    /** Waiting for its Secrets, or about to start. */
    Pending,
    /** Over the namespace's quota; starts on its own when a slot frees. */
    Queued,
    /** The pre-flight pod checks both buckets (lists the source, writes and deletes a probe at the destination). */
    Preflight,
    /** The copy pod runs. */
    Running,
    /** After a copy: the verify pod compares the destination with the source (spec.verification: AfterCopy). */
    Verifying,
    /** Suspended: no pod, checkpoint kept. */
    Paused,
    Succeeded,
    Failed,
    /** Stopped for good on request; copied data stays. */
    Cancelled;

    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Cancelled;
    }

    /** Holds a quota slot (a pod may run). */
    public boolean isActive() {
        return this == Preflight || this == Running || this == Verifying;
    }
}
