package io.s3migration.copier.side;

import io.s3migration.protocol.CredentialFiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The four credential files of a run, read once. {@link #toString()} never shows a secret. */
public record RunCredentials(String sourceAccessKeyId, String sourceSecretAccessKey,
                             String destinationAccessKeyId, String destinationSecretAccessKey) {

    /** Reads the files named in {@link CredentialFiles}; a missing or empty one is an error naming the file. */
    public static RunCredentials read(Path dir) {
        return new RunCredentials(
                readFile(dir, CredentialFiles.SOURCE_ACCESS_KEY_ID),
                readFile(dir, CredentialFiles.SOURCE_SECRET_ACCESS_KEY),
                readFile(dir, CredentialFiles.DESTINATION_ACCESS_KEY_ID),
                readFile(dir, CredentialFiles.DESTINATION_SECRET_ACCESS_KEY));
    }

    public AwsBasicCredentials of(Side side) {
        return side == Side.SOURCE
                ? AwsBasicCredentials.create(sourceAccessKeyId, sourceSecretAccessKey)
                : AwsBasicCredentials.create(destinationAccessKeyId, destinationSecretAccessKey);
    }

    public List<String> secrets() {
        return List.of(sourceSecretAccessKey, destinationSecretAccessKey);
    }

    public List<String> accessKeys() {
        return List.of(sourceAccessKeyId, destinationAccessKeyId);
    }

    @Override
    public String toString() {
        return "RunCredentials[source=" + io.s3migration.copier.report.Scrubber.mask(sourceAccessKeyId)
                + ", destination=" + io.s3migration.copier.report.Scrubber.mask(destinationAccessKeyId) + "]";
    }

    private static String readFile(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("credential file " + file + " is missing: the credentials directory ("
                    + dir + ") must hold " + String.join(", ", CredentialFiles.ALL));
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("credential file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("credential file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
