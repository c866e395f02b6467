package io.s3migration.copier.errors;

import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Reason;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Retries transient errors (5xx, SlowDown, 429, resets, timeouts, integrity mismatches) with exponential
 * backoff and full jitter, so many workers hitting a throttled server do not retry in lockstep.
 */
public record Retry(int attempts, Duration base, Duration cap) {
    public static final Retry DEFAULT = new Retry(5, Duration.ofMillis(200), Duration.ofSeconds(20));

    public <T> T run(Supplier<T> call) {
        return run(call, false);
    }

    /**
     * As {@link #run} for one call to {@code side}, its failure tagged with that side, but an endpoint that cannot be
     * reached at all is not tried again: for a listing page, which ends the run when it fails, a refused connection or
     * an unknown host should say so at once; a reset or a 5xx from a server that answered is retried as for an object.
     */
    public <T> T runWhileReachable(Side side, Supplier<T> call) {
        return run(() -> SideFailure.on(side, call), true);
    }

    private <T> T run(Supplier<T> call, boolean unreachableEnds) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Classified c = ErrorClassifier.classify(e);
                if (c.fatal() || !c.transientError() || attempt >= attempts
                        || unreachableEnds && c.reason() == Reason.EndpointUnreachable) {
                    throw e;
                }
                sleep(delay(attempt));
            }
        }
    }

    /** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
    public Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
