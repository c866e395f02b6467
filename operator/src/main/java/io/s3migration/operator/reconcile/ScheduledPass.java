package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.schedule.Cron;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a finished MigrationJob with {@code spec.trigger.schedule} runs its next pass, pure.
 *
 * <p>The next pass is due at the schedule's first time <em>after the last pass ended</em> (its completionTime). So a
 * pass still running when a time comes is never doubled and never queued: the times that passed while it ran are
 * skipped, and the next pass starts at the first time after it ended. Chosen over "start once as soon as it ends"
 * because the pass that overran has just copied everything up to its end: a pass right after it would copy only the
 * minutes of overrun, while a source that takes longer to copy than the schedule's interval would otherwise run
 * pass after pass without pause. It also needs no state beyond what status already has (restart-safe), and a schedule
 * added to a finished MigrationJob waits for its next time rather than starting a pass at once.
 */
final class ScheduledPass {

    private ScheduledPass() {
    }

    /**
     * The time the next scheduled pass is due; empty without a (valid) schedule, for a Cancelled MigrationJob, or when
     * the expression names no time (31 February).
     */
    static Optional<Instant> due(String schedule, MigrationJobStatus status, Instant now) {
        if (schedule == null || status.phase() == Phase.Cancelled || Cron.problem(schedule).isPresent()) {
            return Optional.empty();
        }
        return Cron.parse(schedule).next(ended(status).orElse(now));
    }

    private static Optional<Instant> ended(MigrationJobStatus status) {
        String at = status.lastSync() != null && status.lastSync().completionTime() != null
                ? status.lastSync().completionTime() : status.completionTime();
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /** How long the reconciler sleeps until {@code nextSyncTime}: a little past it (never early), at least a second. */
    static Duration wakeAfter(String nextSyncTime, Instant now) {
        try {
            Duration until = Duration.between(now, Instant.parse(nextSyncTime)).plusMillis(500);
            return until.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : until;
        } catch (DateTimeParseException unreadable) {
            return Duration.ofMinutes(1);
        }
    }
}
