package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Phase;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The per-namespace quota, pure: may this migration start (or resume) now, given the namespace's others? */
public final class Quotas {
    static final Duration DAY = Duration.ofHours(24);

    /** 0 means no limit. */
    public record Limits(int maxConcurrent, int maxStartedPerDay) {
    }

    /** Another MigrationJob of the namespace as the quota sees it; {@code startTime} may be null (never started). */
    public record Usage(String name, Phase phase, String startTime) {
    }

    public record Admission(boolean allowed, String message) {
        public static final Admission ALLOWED = new Admission(true, null);
    }

    private Quotas() {
    }

    /**
     * {@code alreadyStarted}: the migration ran before (a resume, a later pass), so the daily start limit does not apply
     * to it. {@code others} must not contain the migration itself. {@code recorded}: the namespace's starts in the
     * operator's ledger ({@link StartLedger}), which keeps those of deleted MigrationJobs; a start both there and among
     * {@code others} (its MigrationJob still exists) counts once.
     */
    public static Admission admit(Limits limits, boolean alreadyStarted, List<Usage> others, List<StartLedger.Start> recorded,
                                  Instant now) {
        long active = others.stream().filter(u -> u.phase() != null && u.phase().isActive()).count();
        if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
            return new Admission(false, "Queued: " + active + " migration(s) already run in this namespace (limit "
                    + limits.maxConcurrent() + "); this one starts automatically when one of them ends or is paused");
        }
        if (!alreadyStarted && limits.maxStartedPerDay() > 0) {
            Set<StartLedger.Start> startedToday = new HashSet<>();
            recorded.stream().filter(s -> withinWindow(s.at(), now)).forEach(startedToday::add);
            others.stream().map(Quotas::startOf).flatMap(Optional::stream).filter(s -> withinWindow(s.at(), now))
                    .forEach(startedToday::add);
            if (startedToday.size() >= limits.maxStartedPerDay()) {
                Instant frees = startedToday.stream().map(StartLedger.Start::at).min(Instant::compareTo).orElse(now).plus(DAY);
                return new Admission(false, "Queued: " + startedToday.size() + " migration(s) started in this namespace in the"
                        + " last 24 hours (limit " + limits.maxStartedPerDay() + ", deleted ones included); this one starts"
                        + " automatically at " + frees + ", when the oldest of those starts is 24 hours old");
            }
        }
        return Admission.ALLOWED;
    }

    /** Whether a start at {@code at} still counts against the daily limit at {@code now}. */
    public static boolean withinWindow(Instant at, Instant now) {
        return Duration.between(at, now).compareTo(DAY) < 0;
    }

    private static Optional<StartLedger.Start> startOf(Usage usage) {
        if (usage.startTime() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StartLedger.Start(usage.name(), Instant.parse(usage.startTime())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
