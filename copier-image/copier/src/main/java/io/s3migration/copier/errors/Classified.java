package io.s3migration.copier.errors;

import io.s3migration.protocol.Reason;

/**
 * How the copier treats one error: {@code fatal} stops the run with {@code reason}; {@code transientError}
 * is retried; anything else fails only the object, with {@code detail} as its reason.
 */
public record Classified(Reason reason, boolean fatal, boolean transientError, String detail) {
}
