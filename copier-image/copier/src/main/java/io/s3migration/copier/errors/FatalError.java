package io.s3migration.copier.errors;

import io.s3migration.protocol.Reason;

/** The run cannot go on; {@code getMessage()} says what happened and what to do. */
public final class FatalError extends RuntimeException {
    private final Reason reason;

    public FatalError(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
