package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Secret;
import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.SecretRef;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.protocol.CredentialFiles;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the tenant's two Secrets (same namespace only: the lookup is by name) into the four
 * {@link CredentialFiles} entries, or says precisely what is missing and how to fix it. Only Secrets the tenant
 * marked with {@link Labels#CREDENTIALS} are read, and the name of the operator's own copy must be free.
 */
public final class TenantCredentials {

    /** Either {@code data} (base64 values keyed by {@link CredentialFiles}) or a problem. */
    public record Result(Map<String, String> data, StatusReason reason, String message) {
        /** Not read: the migration has ended and needs no credentials. */
        public static final Result NOT_READ = new Result(Map.of(), null, "not read: the migration has ended");

        public boolean ok() {
            return reason == null && message == null;
        }

        public static Result problem(StatusReason reason, String message) {
            return new Result(Map.of(), reason, message);
        }
    }

    private TenantCredentials() {
    }

    /** {@code lookup} returns the Secret of that name in the MigrationJob's namespace, or empty. */
    public static Result resolve(MigrationJob mj, Function<String, Optional<Secret>> lookup) {
        MigrationJobSpec spec = mj.getSpec();
        String copyName = CredentialsSecret.name(mj);
        Optional<Secret> copy = lookup.apply(copyName);
        if (copy.isPresent() && !CredentialsSecret.ownedBy(copy.get(), mj)) {
            // Never overwrite (or, when the migration ends, delete) a Secret the operator did not create.
            return Result.problem(StatusReason.CredentialsNameTaken, "a Secret named '" + copyName + "' already exists in this namespace"
                    + " and was not created for this MigrationJob; the operator keeps its copy of the credentials under that"
                    + " name and never overwrites another Secret: rename that Secret, or re-create the MigrationJob under another name");
        }
        Map<String, String> data = new LinkedHashMap<>();
        Result source = copy("source", spec.source(), lookup, data,
                CredentialFiles.SOURCE_ACCESS_KEY_ID, CredentialFiles.SOURCE_SECRET_ACCESS_KEY);
        if (!source.ok()) {
            return source;
        }
        Result destination = copy("destination", spec.destination(), lookup, data,
                CredentialFiles.DESTINATION_ACCESS_KEY_ID, CredentialFiles.DESTINATION_SECRET_ACCESS_KEY);
        return destination.ok() ? new Result(Map.copyOf(data), null, null) : destination;
    }

    private static Result copy(String side, BucketSpec bucket, Function<String, Optional<Secret>> lookup,
                               Map<String, String> into, String idFile, String secretFile) {
        SecretRef ref = bucket.credentialsSecretRef();
        Optional<Secret> secret = lookup.apply(ref.name());
        if (secret.isEmpty()) {
            return Result.problem(StatusReason.SecretNotFound, "Secret '" + ref.name() + "' (spec." + side
                    + ".credentialsSecretRef) does not exist in this namespace: create it with keys '"
                    + ref.accessKeyIdKeyOrDefault() + "' and '" + ref.secretAccessKeyKeyOrDefault() + "', e.g. kubectl create secret generic "
                    + ref.name() + " --from-literal=" + ref.accessKeyIdKeyOrDefault() + "=... --from-literal="
                    + ref.secretAccessKeyKeyOrDefault() + "=... && kubectl label secret " + ref.name() + " "
                    + Labels.CREDENTIALS + "=" + Labels.CREDENTIALS_VALUE);
        }
        if (!marked(secret.get())) {
            return Result.problem(StatusReason.SecretNotMarked, "Secret '" + ref.name() + "' (spec." + side
                    + ".credentialsSecretRef) is not marked as migration credentials: only Secrets labelled "
                    + Labels.CREDENTIALS + "=" + Labels.CREDENTIALS_VALUE + " may be sent to a migration's endpoints (and"
                    + " are deleted when it ends, unless spec.credentialsRetention is Retain); if this Secret is meant for it,"
                    + " run kubectl label secret " + ref.name() + " " + Labels.CREDENTIALS + "=" + Labels.CREDENTIALS_VALUE);
        }
        for (String[] pair : new String[][]{{ref.accessKeyIdKeyOrDefault(), idFile}, {ref.secretAccessKeyKeyOrDefault(), secretFile}}) {
            Optional<String> value = base64Value(secret.get(), pair[0]);
            if (value.isEmpty()) {
                return Result.problem(StatusReason.SecretKeyMissing, "Secret '" + ref.name() + "' (spec." + side
                        + ".credentialsSecretRef) has no non-empty key '" + pair[0] + "': add it, or set spec." + side
                        + ".credentialsSecretRef." + (pair[1].equals(idFile) ? "accessKeyIdKey" : "secretAccessKeyKey")
                        + " to the key that holds it");
            }
            into.put(pair[1], value.get());
        }
        return new Result(Map.of(), null, null);
    }

    /** Whether the tenant marked this Secret as migration credentials. */
    public static boolean marked(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && Labels.CREDENTIALS_VALUE.equals(labels.get(Labels.CREDENTIALS));
    }

    private static Optional<String> base64Value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null && !secret.getData().get(key).isEmpty()) {
            return Optional.of(secret.getData().get(key));
        }
        if (secret.getStringData() != null && secret.getStringData().get(key) != null && !secret.getStringData().get(key).isEmpty()) {
            return Optional.of(Base64.getEncoder().encodeToString(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }
}
