package io.s3migration.copier.errors;

/** The bytes the destination stored are not the bytes the source sent; the copy is redone. */
public final class IntegrityMismatch extends RuntimeException {
    public IntegrityMismatch(String message) {
        super(message);
    }
}
