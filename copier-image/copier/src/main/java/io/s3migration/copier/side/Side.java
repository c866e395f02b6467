package io.s3migration.copier.side;

import io.s3migration.protocol.CredentialFiles;

/** Which end of the migration a call or a credential belongs to. */
public enum Side {
    SOURCE("source", CredentialFiles.SOURCE_ACCESS_KEY_ID, CredentialFiles.SOURCE_SECRET_ACCESS_KEY),
    DESTINATION("destination", CredentialFiles.DESTINATION_ACCESS_KEY_ID, CredentialFiles.DESTINATION_SECRET_ACCESS_KEY);

    private final String label;
    private final String accessKeyFile;
    private final String secretKeyFile;

    Side(String label, String accessKeyFile, String secretKeyFile) {
        this.label = label;
        this.accessKeyFile = accessKeyFile;
        this.secretKeyFile = secretKeyFile;
    }

    public String label() {
        return label;
    }

    public String accessKeyFile() {
        return accessKeyFile;
    }

    public String secretKeyFile() {
        return secretKeyFile;
    }
}
