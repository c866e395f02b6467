package io.s3migration.copier.run;

import io.s3migration.copier.errors.Classified;
import io.s3migration.copier.errors.ErrorClassifier;
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
import io.s3migration.copier.errors.Retry;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.s3migration.protocol.CopierSettings.MAX_FAILURES;
import static io.s3migration.protocol.CopierSettings.PASS_STARTED;
import static io.s3migration.protocol.CopierSettings.PROGRESS_INTERVAL;

/**
 * Verify mode: the same merge-join as a copy, changing nothing. A source object is matched when the
 * destination holds it with copy evidence, missing when absent, mismatched otherwise; a missing or mismatched one
 * that the source modified at or after the pass started ({@code S3M_PASS_STARTED}) is counted apart, as changed
 * during the pass: written while the pass ran, it is the next pass's to copy, not a fault of this one.
 */
public final class VerifyRun {
    private final CopierConfig config;
    private final Sides sides;
    private final Output output;
    private final RunReport report;

    public VerifyRun(Sides sides, Output output) {
        this(sides, output, RunReport.NONE);
    }

    /** A verify run that also writes every difference into {@code report}. */
    public VerifyRun(Sides sides, Output output, RunReport report) {
        this.config = sides.config();
        this.sides = sides;
        this.output = output;
        this.report = report;
    }

    /** How a difference counts: changed during the pass when the source object is not older than the pass. */
    static ReportLine.Outcome difference(String why, Instant sourceModified, Instant passStarted) {
        if (passStarted != null && sourceModified != null && !sourceModified.isBefore(passStarted)) {
            return ReportLine.Outcome.changedDuringPass;
        }
        return why.startsWith("missing") ? ReportLine.Outcome.missing : ReportLine.Outcome.mismatched;
    }

    /**
     * The decision once the destination's recorded source ETag is read. One object that cannot be read (it went
     * away, or the server keeps failing for it) is a difference of that object, not the end of the verify run;
     * only a fatal error (credentials, bucket) stops it.
     */
    private static Decision confirmed(Decision.Confirm confirm, RecordedSourceETag recorded) {
        try {
            return Evidence.confirm(confirm, Retry.DEFAULT.run(() -> recorded.read(confirm.source())));
        } catch (RuntimeException e) {
            if (ErrorClassifier.notFound(e)) {
                return new Decision.Copy(confirm.source(), "missing (gone from the destination while verifying)");
            }
            Classified c = ErrorClassifier.classify(e);
            if (c.fatal()) {
                throw e;
            }
            return new Decision.Copy(confirm.source(), "could not be checked: " + c.detail());
        }
    }

    public Summary run() {
        Counters counters = new Counters();
        CheckpointTracker checkpoint = new CheckpointTracker(null, CheckpointCounts.NONE);
        RecordedSourceETag recorded = sides.recordedSourceETag();
        long matched = 0;
        long missing = 0;
        long mismatched = 0;
        long bytesMatched = 0;
        long changed = 0;
        Instant passStarted = config.get(PASS_STARTED);
        List<Failure> differences = new ArrayList<>();
        try (ProgressReporter reporter = new ProgressReporter(counters, checkpoint, output, config.get(PROGRESS_INTERVAL));
             MergeJoin plan = sides.plan(null)) {
            while (plan.hasNext()) {
                Decision decision = plan.next();
                ListedObject object = decision.source();
                counters.listed(object.size());
                String key = config.source().key(object.key());
                checkpoint.started(key);
                if (decision instanceof Decision.Confirm confirm) {
                    decision = confirmed(confirm, recorded);
                }
                boolean matches = decision instanceof Decision.Skip;
                if (matches) {
                    matched++;
                    bytesMatched += object.size();
                    counters.objectsSkipped.incrementAndGet();
                } else {
                    String why = ((Decision.Copy) decision).why();
                    ReportLine.Outcome outcome = difference(why, object.lastModified(), passStarted);
                    switch (outcome) {
                        case missing -> missing++;
                        case changedDuringPass -> {
                            changed++;
                            why = why + "; changed at the source during the pass (modified " + object.lastModified()
                                    + ", the pass started " + passStarted + "): the next pass copies it";
                        }
                        default -> mismatched++;
                    }
                    counters.objectsFailed.incrementAndGet();
                    if (differences.size() < config.get(MAX_FAILURES)) {
                        differences.add(new Failure(key, why));
                    }
                    report.object(key, outcome, why);
                }
                checkpoint.finished(key, matches ? Outcome.SKIPPED : Outcome.FAILED, 0);
            }
            counters.listingEnded();
            Progress progress = reporter.progress();
            Verification verification = new Verification(matched, missing, mismatched, bytesMatched, changed);
            String message = String.format(Locale.ROOT, "verified %d objects: %d matched (%s), %d missing, %d mismatched",
                    progress.objectsTotal(), matched, ProgressReporter.bytes(bytesMatched), missing, mismatched)
                    + (changed == 0 ? "" : ", " + changed + " changed at the source during the pass");
            if (progress.objectsTotal() == 0 && !KeyRange.of(config).bounded()) { // a shard's range may hold no key
                return new Summary(Mode.VERIFY, ExitCode.FATAL, Reason.EmptySource, "source: " + Reason.EmptySource.hint(),
                        progress, List.of(), verification);
            }
            if (verification.trueDifferences()) {
                return new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed, message, progress,
                        differences, verification);
            }
            if (changed > 0) {
                return new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.SourceChangedDuringPass,
                        message + " (" + Reason.SourceChangedDuringPass.hint() + ")", progress, differences, verification);
            }
            return new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, message, progress, List.of(), verification);
        }
    }
}
