package io.s3migration.operator.api;

/** Where a MigrationJob is in its life. */
public enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed;

    public boolean isTerminal() {
        return this == Succeeded || this == Failed;
    }
}
