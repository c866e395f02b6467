package io.s3migration.operator.resources;

import io.s3migration.operator.api.StatusReason;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CredentialFiles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantCredentialsTest {
    final MigrationJob mj = Fixtures.migration("m", "ns");

    Function<String, Optional<Secret>> secrets(Secret... present) {
        Map<String, Secret> byName = new java.util.HashMap<>();
        for (Secret s : present) {
            byName.put(s.getMetadata().getName(), s);
        }
        return name -> Optional.ofNullable(byName.get(name));
    }

    @Test
    void copiesExactlyTheFourKeysUsingOverriddenKeyNames() {
        var r = TenantCredentials.resolve(mj, secrets(Fixtures.sourceSecret("m", "ns"), Fixtures.destinationSecret("m", "ns")));
        assertTrue(r.ok());
        assertEquals(Map.of(
                CredentialFiles.SOURCE_ACCESS_KEY_ID, Fixtures.b64(Fixtures.SOURCE_KEY_ID),
                CredentialFiles.SOURCE_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.SOURCE_SECRET),
                CredentialFiles.DESTINATION_ACCESS_KEY_ID, Fixtures.b64(Fixtures.DEST_KEY_ID),
                CredentialFiles.DESTINATION_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.DEST_SECRET)), r.data());
    }

    @Test
    void missingSecretNamesItAndTheFix() {
        var r = TenantCredentials.resolve(mj, secrets(Fixtures.sourceSecret("m", "ns")));
        assertFalse(r.ok());
        assertEquals(StatusReason.SecretNotFound, r.reason());
        assertTrue(r.message().contains("'m-dst'") && r.message().contains("spec.destination") && r.message().contains("kubectl create secret"), r.message());
        assertTrue(r.message().contains("--from-literal=id="), r.message());
        assertTrue(r.data().isEmpty());
    }

    @Test
    void missingOrEmptyKeyNamesKeyAndField() {
        Secret noSecretKey = Fixtures.secret("m-src", "ns", Map.of("accessKeyId", "x"));
        var r = TenantCredentials.resolve(mj, secrets(noSecretKey, Fixtures.destinationSecret("m", "ns")));
        assertEquals(StatusReason.SecretKeyMissing, r.reason());
        assertTrue(r.message().contains("'secretAccessKey'") && r.message().contains("spec.source.credentialsSecretRef.secretAccessKeyKey"), r.message());

        Secret emptyId = Fixtures.secret("m-src", "ns", Map.of("accessKeyId", "", "secretAccessKey", "y"));
        assertEquals(StatusReason.SecretKeyMissing,
                TenantCredentials.resolve(mj, secrets(emptyId, Fixtures.destinationSecret("m", "ns"))).reason());
    }

    @Test
    void acceptsStringData() {
        Secret src = new SecretBuilder().withNewMetadata().withName("m-src")
                .addToLabels(Labels.CREDENTIALS, Labels.CREDENTIALS_VALUE).endMetadata()
                .addToStringData("accessKeyId", "plain-id").addToStringData("secretAccessKey", "plain-secret").build();
        var r = TenantCredentials.resolve(mj, secrets(src, Fixtures.destinationSecret("m", "ns")));
        assertEquals(Fixtures.b64("plain-id"), r.data().get(CredentialFiles.SOURCE_ACCESS_KEY_ID));
    }

    @Test
    void messagesNeverContainSecretValues() {
        Secret noSecretKey = Fixtures.secret("m-src", "ns", Map.of("accessKeyId", Fixtures.SOURCE_KEY_ID));
        var r = TenantCredentials.resolve(mj, secrets(noSecretKey));
        assertFalse(r.message().contains(Fixtures.SOURCE_KEY_ID));
        assertFalse(r.message().contains(Fixtures.b64(Fixtures.SOURCE_KEY_ID)));
    }

    @Test
    void aSecretTheTenantDidNotMarkIsNeverReadAndTheMessageSaysHowToMarkIt() {
        Secret unmarked = new SecretBuilder(Fixtures.sourceSecret("m", "ns")).editMetadata().withLabels(Map.of()).endMetadata().build();
        var r = TenantCredentials.resolve(mj, secrets(unmarked, Fixtures.destinationSecret("m", "ns")));
        assertEquals(StatusReason.SecretNotMarked, r.reason());
        assertTrue(r.data().isEmpty());
        assertTrue(r.message().contains("'m-src'") && r.message().contains("kubectl label secret m-src s3migration.io/credentials=true"),
                r.message());

        Secret wrongValue = new SecretBuilder(Fixtures.destinationSecret("m", "ns")).editMetadata()
                .withLabels(Map.of(Labels.CREDENTIALS, "yes")).endMetadata().build();
        assertEquals(StatusReason.SecretNotMarked,
                TenantCredentials.resolve(mj, secrets(Fixtures.sourceSecret("m", "ns"), wrongValue)).reason());
    }

    @Test
    void aForeignSecretUnderTheCopysNameRefusesTheMigrationAndOurOwnCopyDoesNot() {
        Secret foreign = Fixtures.secret("m-credentials", "ns", Map.of("config", "tenant data"));
        var r = TenantCredentials.resolve(mj, secrets(foreign, Fixtures.sourceSecret("m", "ns"), Fixtures.destinationSecret("m", "ns")));
        assertEquals(StatusReason.CredentialsNameTaken, r.reason());
        assertTrue(r.message().contains("'m-credentials'") && r.message().contains("never overwrites"), r.message());

        mj.getMetadata().setUid("uid-of-m");
        Secret ours = CredentialsSecret.build(mj, Map.of());
        assertTrue(TenantCredentials.resolve(mj, secrets(ours, Fixtures.sourceSecret("m", "ns"), Fixtures.destinationSecret("m", "ns"))).ok());
    }
}
