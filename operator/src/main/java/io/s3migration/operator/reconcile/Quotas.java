package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Phase;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

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
     * {@code alreadyStarted}: the migration ran before (a resume), so the daily start limit does not apply to it.
     * {@code others} must not contain the migration itself.
     */
    public static Admission admit(Limits limits, boolean alreadyStarted, List<Usage> others, Instant now) {
        long active = others.stream().filter(u -> u.phase() != null && u.phase().isActive()).count();
        if (limits.maxConcurrent() > 0 && active >= limits.maxConcurrent()) {
            return new Admission(false, "Queued: " + active + " migration(s) already run in this namespace (limit "
                    + limits.maxConcurrent() + "); this one starts automatically when one of them ends or is paused");
        }
        if (!alreadyStarted && limits.maxStartedPerDay() > 0) {
            long startedToday = others.stream().filter(u -> startedWithin(u.startTime(), now)).count();
            if (startedToday >= limits.maxStartedPerDay()) {
                return new Admission(false, "Queued: " + startedToday + " migration(s) started in this namespace in the last"
                        + " 24 hours (limit " + limits.maxStartedPerDay() + "); this one starts automatically when the oldest"
                        + " start is 24 hours old");
            }
        }
        return Admission.ALLOWED;
    }

    private static boolean startedWithin(String startTime, Instant now) {
        if (startTime == null) {
            return false;
        }
        try {
            Instant started = Instant.parse(startTime);
            return Duration.between(started, now).compareTo(DAY) < 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
