package io.s3migration.protocol;

/** One object that could not be copied, and the server's or copier's reason (never a credential). */
public record Failure(String key, String error) {
}
