package io.s3migration.operator.resources;

import io.s3migration.operator.api.MigrationJob;

import java.util.Map;

/** The labels on everything the operator creates; the informers watch only objects carrying {@link #MANAGED}. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "s3migration-operator";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COPIER = "s3migration-copier";
    /** The MigrationJob an object belongs to; selects the copier pod in the NetworkPolicy. */
    public static final String MIGRATION = "s3migration.io/migration";
    /** The Job a copier pod belongs to (set on the pod template, so it holds in any cluster). */
    public static final String JOB = "s3migration.io/job";
    public static final String MODE = "s3migration.io/mode";
    /**
     * Set by the tenant on a Secret it means as migration credentials: only Secrets so marked may be named by a
     * MigrationJob (any other Secret's value could be sent to an endpoint of the tenant's choosing) or purged by it.
     */
    public static final String CREDENTIALS = "s3migration.io/credentials";
    public static final String CREDENTIALS_VALUE = "true";

    public static final String MANAGED = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    private Labels() {
    }

    public static Map<String, String> of(MigrationJob mj) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, MIGRATION, mj.getMetadata().getName());
    }

    /** Labels of the copier pod: what the NetworkPolicy selects. */
    public static Map<String, String> copierPod(MigrationJob mj) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, MIGRATION, mj.getMetadata().getName(), NAME, COPIER);
    }
}
