package io.s3migration.operator.reconcile;

import io.s3migration.operator.reconcile.Decision.Event;
import io.s3migration.operator.reconcile.Decision.JobToCreate;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.Quantities;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.VerificationStatus;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;
import java.util.List;
import java.util.Optional;

/**
 * Phase Verifying, pure: after a successful copy the copier's verify run compares every source object with the
 * destination. Consistent=True ends the pass Succeeded. Differences set Consistent=False, put them among the failures
 * and end the pass as {@link #differences} decides:
 *
 * <pre>
 * differences found                          schedule?   phase       Consistent=False reason (also Ready's)
 * only objects written during the pass        any         Succeeded   SourceChangedDuringPass (stop writes, pass again)
 * missing or mismatched (true differences)    no          Failed      VerificationFailed
 * missing or mismatched (true differences)    yes         Succeeded   VerificationFailed (the next pass copies them)
 * </pre>
 *
 * A source being written to differs by design while a schedule runs passes, so a scheduled pass ends as a pass that ran
 * (its lastSync and history say so) and waits for its next time; a single pass fails on true differences only: a
 * write during the pass is no fault of the copy, the user stops writes and triggers another pass.
 * <p>
 * A parallel migration verifies per range (an Indexed verify Job): the counts are every index's summed
 * ({@link Shards#verification}), and a failed index decides as a single failed verify pod does.
 */
final class VerifyingPhase {
    private VerifyingPhase() {
    }

    /** The copy succeeded: the verify run compares the destination with the source; the copy's counts stay shown. */
    static Decision start(Step s, String copied) {
        Observation o = s.o;
        String job = CopierJob.verifyName(o.name(), s.current.attempts());
        s.next = s.next.toBuilder().jobName(job).logTail(null).report(s.reportNow()).build();
        s.create = Optional.of(new JobToCreate(job, Mode.VERIFY, null, CheckpointCounts.NONE));
        s.apply = true;
        s.events.add(new Event(false, StatusReason.Copied, copied));
        return s.enter(Phase.Verifying, Health.PROGRESSING, StatusReason.VerificationRunning, copied
                + "; verifying (Job " + job + "): comparing every source object with the destination").decision();
    }

    static Decision decide(Step s) {
        Observation o = s.o;
        if (o.switches().suspend() && o.job().kind() != JobState.Kind.SUCCEEDED && o.job().kind() != JobState.Kind.FAILED) {
            // A verify run has nothing to resume: it goes, and the resumed pass copies what is left (after the
            // checkpoint: nothing, unless the pass was cut short) and verifies again.
            if (o.job().kind() != JobState.Kind.ABSENT) {
                s.deleteJobs.add(s.current.jobName());
            }
            return s.pause("Paused during the verification (spec.suspend: true): the verify run was stopped; set"
                    + " spec.suspend to false to finish the copy and verify again");
        }
        return switch (o.job().kind()) {
            case ABSENT -> Phases.vanished(s);
            case WAITING, RUNNING -> {
                s.apply = o.credentials().ok();
                // A parallel run: every index compares its own range, so the counts so far are theirs summed.
                List<Progress> counted = (s.sharded() ? o.shardPods().values().stream().flatMap(p -> p.progress().stream())
                        : o.pod().progress().stream()).filter(p -> p.objectsTotal() > 0).toList();
                String message = counted.isEmpty() ? s.current.message() : "Verifying: " + counted.stream()
                        .mapToLong(Progress::objectsDone).sum() + " objects compared so far (Job " + s.current.jobName() + ")";
                yield s.enter(Phase.Verifying, Health.PROGRESSING, StatusReason.VerificationRunning, message).decision();
            }
            case SUCCEEDED -> {
                Optional<VerificationStatus> result = verificationNow(s);
                if (result.isPresent() && !result.get().consistent()) {
                    // A summary that contradicts its exit code: believe the counts.
                    yield differences(s, result.get(), describe(result.get()));
                }
                String message = result.map(VerifyingPhase::describe)
                        .orElse("Job " + s.current.jobName() + " completed (no verification counts found in "
                                + (s.sharded() ? "the pods of indexes " + unreported(s) : "the copier pod") + ")");
                s.next = s.next.toBuilder().verification(result.orElse(null)).build();
                s.conditions(Conditions.put(s.next.conditions(), Conditions.CONSISTENT, true, StatusReason.VerificationPassed.name(),
                        message, o.generation(), o.now().toString()));
                s.events.add(new Event(false, StatusReason.VerificationPassed, message));
                String copied = s.current.progress() == null ? "Done" : "Done: " + s.current.progress().objectsCopied()
                        + " objects copied (" + Quantities.binary(s.current.progress().bytesCopied()) + "), "
                        + s.current.progress().objectsSkipped() + " already present";
                yield s.end(Phase.Succeeded, Health.SUCCEEDED, StatusReason.Succeeded, copied + "; verified: " + message);
            }
            case FAILED -> {
                // The failed pod decides (a parallel run leads with its failed index): it found differences, or it
                // could not compare at all; the differences shown are those of every index that compared.
                Optional<Summary> summary = o.pod().summary();
                Optional<VerificationStatus> result = summary.map(Summary::verification).isPresent() ? counted(s) : Optional.empty();
                if (result.isPresent() && !result.get().consistent()) {
                    yield differences(s, result.get(), Observation.failureMessage(summary.get()));
                }
                // The verify run itself failed (credentials, endpoint): nothing is known about consistency.
                s.next = s.next.toBuilder().logTail(o.pod().statusLogTail()).build();
                yield s.end(Phase.Failed, Health.FAILED, o.failureReason(), "Verification failed to run: " + o.failureMessage());
            }
        };
    }

    /** Differences: Consistent=False, the differences among the failures; the pass ends as the class's table says. */
    static Decision differences(Step s, VerificationStatus result, String found) {
        Observation o = s.o;
        boolean trueDifferences = result.trueDifferences();
        String reason = trueDifferences ? Reason.VerificationFailed.name() : StatusReason.SourceChangedDuringPass.name();
        s.next = s.next.toBuilder().verification(result).failures(s.failuresNow()).logTail(o.pod().statusLogTail()).build();
        s.conditions(Conditions.put(s.next.conditions(), Conditions.CONSISTENT, false, reason, found, o.generation(),
                o.now().toString()));
        boolean scheduled = o.switches().schedule() != null;
        if (!trueDifferences) {
            return s.end(Phase.Succeeded, Health.SUCCEEDED, reason, "Copied, but " + result.objectsChangedDuringPass()
                    + " objects were written to the source after the pass started and differ at the destination: stop writes"
                    + " to the source, then trigger another pass (spec.trigger.manual)"
                    + (scheduled ? " or wait for the next scheduled one (status.nextSyncTime)" : "") + " to copy them; " + found);
        }
        if (scheduled) {
            return s.end(Phase.Succeeded, Health.SUCCEEDED, reason, "Verification found differences: " + found
                    + "; the next scheduled pass (status.nextSyncTime) copies what is missing or different");
        }
        return s.end(Phase.Failed, Health.FAILED, reason, "Verification found differences: " + found);
    }

    /** What a succeeded verify run found; a parallel run's match needs every index (a range nobody compared is no match). */
    private static Optional<VerificationStatus> verificationNow(Step s) {
        Optional<VerificationStatus> counted = counted(s);
        boolean partialMatch = s.sharded() && !unreported(s).isEmpty() && counted.map(VerificationStatus::consistent).orElse(false);
        return partialMatch ? Optional.empty() : counted;
    }

    /** The verify run's counts: its pod's, or for a parallel run those of every index that reported, summed. */
    private static Optional<VerificationStatus> counted(Step s) {
        Observation o = s.o;
        Optional<Verification> counts = s.sharded() ? Shards.verification(o.shardPods(), s.current.shards().size()).sum()
                : o.pod().summary().map(Summary::verification);
        return counts.map(v -> VerificationStatus.of(v, o.now().toString()));
    }

    private static List<Integer> unreported(Step s) {
        return Shards.verification(s.o.shardPods(), s.current.shards().size()).unreported();
    }

    private static String describe(VerificationStatus v) {
        return (v.objectsMatched() + v.objectsMissing() + v.objectsMismatched() + v.objectsChangedDuringPass()) + " objects compared: "
                + v.objectsMatched() + " matched (" + Quantities.binary(v.bytesMatched()) + "), " + v.objectsMissing() + " missing, "
                + v.objectsMismatched() + " mismatched"
                + (v.objectsChangedDuringPass() == 0 ? "" : ", " + v.objectsChangedDuringPass() + " changed at the source during the pass");
    }
}
