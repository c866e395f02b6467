package io.s3migration.copier.errors;

import io.s3migration.copier.side.Side;

/** A failed S3 call, tagged with the side it went to, so the error can name the right endpoint and credentials. */
public final class SideFailure extends RuntimeException {
    private final Side side;

    public SideFailure(Side side, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.side = side;
    }

    public Side side() {
        return side;
    }

    /** Runs one call against {@code side}, tagging what it throws. */
    public static <T> T on(Side side, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SideFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SideFailure(side, e);
        }
    }
}
