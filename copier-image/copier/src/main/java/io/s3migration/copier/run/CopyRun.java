package io.s3migration.copier.run;

import io.s3migration.copier.errors.Classified;
import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.errors.FatalError;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.plan.Decision;
import io.s3migration.copier.plan.Evidence;
import io.s3migration.copier.plan.MergeJoin;
import io.s3migration.copier.plan.RecordedSourceETag;
import io.s3migration.copier.report.CheckpointTracker;
import io.s3migration.copier.report.CheckpointTracker.Outcome;
import io.s3migration.copier.report.Counters;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.ProgressReporter;
import io.s3migration.copier.report.ReportLine;
import io.s3migration.copier.report.RunReport;
import io.s3migration.copier.side.Sides;
import io.s3migration.copier.transfer.ObjectTransfer;
import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.transfer.TransferSettings;
import io.s3migration.protocol.ArchivedObjectPolicy;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.s3migration.protocol.CopierSettings.CHECKPOINT;
import static io.s3migration.protocol.CopierSettings.CHECKPOINT_COUNTS;
import static io.s3migration.protocol.CopierSettings.CONCURRENCY;
import static io.s3migration.protocol.CopierSettings.MAX_FAILURES;
import static io.s3migration.protocol.CopierSettings.ON_ARCHIVED_OBJECT;
import static io.s3migration.protocol.CopierSettings.PROGRESS_INTERVAL;

/**
 * Copy mode: merge-joins the two listings and hands every Copy/Confirm decision to a bounded pool of workers
 * while the listing goes on; a {@link SizingPass} counts the totals ahead of it. Per-object failures are counted and
 * listed; a fatal error stops the run.
 */
public final class CopyRun {
    public static final int MAX_FAILED_IN_A_ROW = 50;

    private final CopierConfig config;
    private final Sides sides;
    private final Output output;
    private final Counters counters;
    private final CheckpointTracker checkpoint;
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private final AtomicLong archivedSkipped = new AtomicLong();
    /** Objects in a row that failed with AccessDenied or EndpointUnreachable; a copied object resets it. */
    private final AtomicInteger blockedInARow = new AtomicInteger();
    private final ObjectTransfer transfer;
    private final RecordedSourceETag recorded;
    private final ExecutorService partPool;
    private final RunReport report;

    public CopyRun(Sides sides, Output output) {
        this(sides, output, RunReport.NONE);
    }

    /** A copy that also writes every failed object into {@code report}. */
    public CopyRun(Sides sides, Output output, RunReport report) {
        this.config = sides.config();
        this.sides = sides;
        this.output = output;
        this.report = report;
        this.checkpoint = new CheckpointTracker(config.get(CHECKPOINT), config.get(CHECKPOINT_COUNTS));
        this.counters = Counters.resumedFrom(config.get(CHECKPOINT_COUNTS));
        this.partPool = daemonPool(config.get(CONCURRENCY), "copier-part");
        this.transfer = new ObjectTransfer(sides, TransferSettings.of(config), counters.bytesCopied, partPool);
        this.recorded = sides.recordedSourceETag();
    }

    static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public Summary run() {
        // A stopped copier (SIGTERM: a pause or cancel deletes the pod) ends its open multipart uploads on the way out.
        Thread abortOnStop = new Thread(() -> {
            int aborted = transfer.uploads().abortAll();
            if (aborted > 0) {
                System.err.println("stopped: aborted " + aborted + " unfinished multipart uploads");
            }
        }, "abort-open-uploads");
        Runtime.getRuntime().addShutdownHook(abortOnStop);
        try {
            return copy();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(abortOnStop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran already
            }
        }
    }

    private Summary copy() {
        long started = System.nanoTime();
        String resumeAfter = relative(config.get(CHECKPOINT));
        ExecutorService workers = daemonPool(config.get(CONCURRENCY), "copier-worker");
        Semaphore window = new Semaphore(config.get(CONCURRENCY) * 2);
        try (ProgressReporter reporter = new ProgressReporter(counters, checkpoint, output, config.get(PROGRESS_INTERVAL));
             SizingPass sizing = new SizingPass(after -> sides.sourceObjects(after != null ? after : resumeAfter),
                     counters.totals(), output);
             MergeJoin plan = sides.plan(resumeAfter, sizing)) {
            try {
                while (fatal.get() == null && plan.hasNext()) {
                    Decision decision = plan.next();
                    ListedObject object = decision.source();
                    counters.listed(object.size());
                    String key = sourceKey(object);
                    if (!checkpoint.awaitRoom(() -> fatal.get() != null)) {
                        break;
                    }
                    checkpoint.started(key);
                    if (decision instanceof Decision.Skip) {
                        counters.objectsSkipped.incrementAndGet();
                        checkpoint.finished(key, Outcome.SKIPPED, 0);
                        continue;
                    }
                    window.acquire();
                    workers.execute(() -> {
                        try {
                            work(decision).ifPresent(done -> checkpoint.finished(key, done.outcome(), done.bytes()));
                        } finally {
                            window.release();
                        }
                    });
                }
                if (fatal.get() == null) {
                    counters.listingEnded();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal.compareAndSet(null, new FatalError(Reason.Internal, "interrupted"));
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, e);
            } catch (Error e) {
                fatal.compareAndSet(null, new FatalError(Reason.Internal, "listing and planning failed: " + e));
            }
            workers.shutdown();
            awaitQuietly(workers);
            partPool.shutdownNow();
            reporter.report();
            Progress last = reporter.progress();
            long averageRate = reporter.averageRate();
            Progress progress = new Progress(last.sizingComplete(), last.objectsTotal(), last.objectsCopied(),
                    last.objectsSkipped(), last.objectsFailed(), last.bytesTotal(), last.bytesCopied(), averageRate, last.lastKey());
            return summarize(progress, (System.nanoTime() - started) / 1_000_000, averageRate);
        }
    }

    /** How one object ended; empty when a fatal error stopped it (it stays before the checkpoint's reach). */
    private Optional<Done> work(Decision decision) {
        if (fatal.get() != null) {
            return Optional.empty();
        }
        ListedObject object = decision.source();
        try {
            Decision resolved = decision instanceof Decision.Confirm confirm
                    ? Evidence.confirm(confirm, Retry.DEFAULT.run(() -> recorded.read(object)))
                    : decision;
            if (resolved instanceof Decision.Skip) {
                counters.objectsSkipped.incrementAndGet();
                return Optional.of(new Done(Outcome.SKIPPED, 0));
            }
            if (ArchivedObjectPolicy.isArchived(object.storageClass())) {
                String restore = transfer.restoreState(object);
                if (!ArchivedObjects.restored(restore)) {
                    return notReadable(ArchivedObjects.notRestored(object.storageClass(), restore, sourceKey(object)));
                }
            }
            long bytes = transfer.copy(object);
            counters.objectsCopied.incrementAndGet();
            blockedInARow.set(0);
            return Optional.of(new Done(Outcome.COPIED, bytes));
        } catch (RuntimeException e) {
            if (ArchivedObjects.refusedAsArchived(e)) {
                return notReadable(ArchivedObjects.refused(object.storageClass(), sourceKey(object)));
            }
            Classified c = ErrorClassifier.classify(e);
            if (stopsTheRun(c)) {
                fatal.compareAndSet(null, e);
                return Optional.empty();
            }
            counters.objectsFailed.incrementAndGet();
            Failure failure = new Failure(sourceKey(object), c.detail());
            // check and add under one lock: workers fail concurrently, and the summary names at most MAX_FAILURES
            synchronized (failures) {
                if (failures.size() < config.get(MAX_FAILURES)) {
                    failures.add(failure);
                }
            }
            output.objectFailed(failure);
            report.object(failure.key(), ReportLine.Outcome.failed, failure.error());
            return Optional.of(new Done(Outcome.FAILED, 0));
        } catch (Throwable e) {
            // Out of memory or a bug: stop the run rather than let the worker thread die unnoticed and report success.
            fatal.compareAndSet(null, new FatalError(Reason.Internal, "copying " + sourceKey(object) + " failed: " + e));
            return Optional.empty();
        }
    }

    /**
     * An object that cannot be read before a restore, as {@code onArchivedObject} says: {@code fail} ends the run with
     * {@code why} (it names the object and what to do), {@code skip} counts it as skipped, not as a failure.
     */
    private Optional<Done> notReadable(String why) {
        if (config.get(ON_ARCHIVED_OBJECT) == ArchivedObjectPolicy.FAIL) {
            fatal.compareAndSet(null, new FatalError(Reason.ArchivedObject, why));
            return Optional.empty();
        }
        archivedSkipped.incrementAndGet();
        counters.objectsSkipped.incrementAndGet();
        return Optional.of(new Done(Outcome.SKIPPED, 0));
    }

    /**
     * Whether an object's error ends the run. AccessDenied on one object is that object's failure (a bucket policy on
     * a prefix, a KMS key the credentials may not use): the pre-flight proved objects can be read and written at all;
     * an unreachable endpoint, after the retries, fails that object too. Only {@link #MAX_FAILED_IN_A_ROW} objects in
     * a row failing so (the permissions went away, the endpoint is down) stop the run.
     */
    private boolean stopsTheRun(Classified c) {
        if (c.reason() != Reason.AccessDenied && c.reason() != Reason.EndpointUnreachable) {
            return c.fatal();
        }
        return blockedInARow.incrementAndGet() >= MAX_FAILED_IN_A_ROW;
    }

    private record Done(Outcome outcome, long bytes) {
    }

    private Summary summarize(Progress progress, long millis, long averageRate) {
        RuntimeException error = fatal.get();
        if (error != null) {
            Classified c = ErrorClassifier.classify(error);
            Reason reason = c.reason() == null ? Reason.Internal : c.reason();
            return new Summary(Mode.COPY, ExitCode.FATAL, reason, c.detail(), progress, List.copyOf(failures), null);
        }
        Optional<Summary> unfinished = unfinished(progress, failures);
        if (unfinished.isPresent()) {
            return unfinished.get();
        }
        // a shard's range may hold no key (a plan for fewer keys than shards): that is no empty source
        if (progress.objectsTotal() == 0 && config.get(CHECKPOINT) == null && !KeyRange.of(config).bounded()) {
            return new Summary(Mode.COPY, ExitCode.FATAL, Reason.EmptySource, "source " + describe() + ": "
                    + Reason.EmptySource.hint(), progress, List.of(), null);
        }
        String message = String.format(Locale.ROOT, "copied %d objects (%s), skipped %d, failed %d in %.1f s (%s/s)",
                progress.objectsCopied(), ProgressReporter.bytes(progress.bytesCopied()), progress.objectsSkipped(),
                progress.objectsFailed(), millis / 1000.0, ProgressReporter.bytes(averageRate))
                + (archivedSkipped.get() > 0 ? "; " + archivedSkipped.get() + " archived objects skipped (onArchivedObject: skip)" : "")
                + (transfer.serverSide() ? "; server-side copy" : "")
                + (transfer.uploads().leftoversAborted() > 0 ? "; " + transfer.uploads().leftoversAborted() + " leftover multipart uploads aborted" : "")
                + (transfer.checksumsChecked() != null ? "; " + transfer.checksumsChecked() : "");
        if (progress.objectsFailed() > 0) {
            return new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed, message, progress, List.copyOf(failures), null);
        }
        return new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, message, progress, List.of(), null);
    }

    /** Every listed object must have ended copied, skipped or failed; anything else is a copier bug, never success. */
    public static Optional<Summary> unfinished(Progress progress, List<Failure> failures) {
        long unaccounted = progress.objectsTotal() - progress.objectsDone();
        if (unaccounted == 0) {
            return Optional.empty();
        }
        return Optional.of(new Summary(Mode.COPY, ExitCode.FATAL, Reason.Internal, unaccounted + " of "
                + progress.objectsTotal() + " listed objects did not finish (" + Reason.Internal.hint() + ")",
                progress, List.copyOf(failures), null));
    }

    private String describe() {
        return config.source().location();
    }

    private String relative(String sourceKey) {
        // CopierConfig refuses a checkpoint outside the prefix
        return sourceKey == null ? null : config.source().relativeKey(sourceKey);
    }

    private String sourceKey(ListedObject object) {
        return config.source().key(object.key());
    }

    private static void awaitQuietly(ExecutorService workers) {
        try {
            while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                // large objects can take long; the pod's activeDeadlineSeconds bounds the run
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
