package io.s3migration.operator.api;

/** What happens to the tenant's Secrets once they are no longer needed (end, cancel, pause). */
public enum CredentialsRetention {
    /** Delete the referenced Secrets (the safest default: keys do not outlive the migration). */
    DeleteWhenDone,
    /** Keep them. */
    Retain
}
