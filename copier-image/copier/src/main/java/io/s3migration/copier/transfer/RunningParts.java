package io.s3migration.copier.transfer;

import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The parts of one multipart object on the part pool: their results in part order or, once one fails, the
 * others stopped before the upload is aborted (parts not started give up; running ones end, so none lands after
 * the abort).
 */
final class RunningParts {
    private final ExecutorService pool;
    private final String key;
    private final List<Future<CompletedPart>> futures = new ArrayList<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Of the parts that made it, counted in the run's bytes copied already. */
    private final AtomicLong bytesDone = new AtomicLong();

    RunningParts(ExecutorService pool, String key) {
        this.pool = pool;
        this.key = key;
    }

    void submit(long length, Supplier<CompletedPart> copy) {
        futures.add(pool.submit(() -> {
            if (failed.get()) {
                throw new CancellationException("another part of " + key + " failed");
            }
            CompletedPart part = copy.get();
            bytesDone.addAndGet(length);
            return part;
        }));
    }

    List<CompletedPart> awaitAll() {
        List<CompletedPart> parts = new ArrayList<>();
        for (Future<CompletedPart> f : futures) {
            parts.add(await(f));
        }
        return parts;
    }

    /** Stops the parts and waits until none runs; returns the bytes of those that made it. */
    long stop() {
        failed.set(true);
        futures.forEach(RunningParts::awaitQuietly);
        return bytesDone.get();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying parts", e);
        }
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException | CancellationException ignored) {
            // the part failed or gave up: what matters is that it no longer runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
