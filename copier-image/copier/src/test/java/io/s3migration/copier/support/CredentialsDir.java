package io.s3migration.copier.support;

import io.s3migration.protocol.CredentialFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the four credential files the copier reads, as the operator's Secret mount would hold them. */
public final class CredentialsDir {
    private CredentialsDir() {
    }

    public static Path write(Path dir, S3Endpoint source, S3Endpoint destination) {
        return write(dir, source.accessKey(), source.secretKey(), destination.accessKey(), destination.secretKey());
    }

    public static Path write(Path dir, String sourceKey, String sourceSecret, String destinationKey, String destinationSecret) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CredentialFiles.SOURCE_ACCESS_KEY_ID), sourceKey + "\n");
            Files.writeString(dir.resolve(CredentialFiles.SOURCE_SECRET_ACCESS_KEY), sourceSecret + "\n");
            Files.writeString(dir.resolve(CredentialFiles.DESTINATION_ACCESS_KEY_ID), destinationKey);
            Files.writeString(dir.resolve(CredentialFiles.DESTINATION_SECRET_ACCESS_KEY), destinationSecret);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
