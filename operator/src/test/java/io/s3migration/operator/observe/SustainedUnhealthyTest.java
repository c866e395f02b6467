package io.s3migration.operator.observe;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probes' grace: a watch being re-established (unhealthy for a second) keeps them UP; one that stays broken does not. */
class SustainedUnhealthyTest {
    private static final Duration GRACE = Duration.ofSeconds(90);
    private static final String PODS = "migrationjobreconciler/copier-pods";
    private static final String JOBS = "migrationjobreconciler/copier-job";

    private final ProbeClock clock = new ProbeClock(Instant.parse("2026-11-30T08:00:00Z"));
    private final SustainedUnhealthy tracker = new SustainedUnhealthy(GRACE, clock);

    @Test
    void aWatchBeingReestablishedStaysUp() {
        assertEquals(HealthCheckResponse.Status.UP, probe(List.of(PODS)).getStatus(), "unhealthy for a moment");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HealthCheckResponse.Status.UP, probe(List.of()).getStatus());

        // Another blip much later starts afresh: the first one's time does not count.
        clock.advance(Duration.ofMinutes(7));
        assertEquals(HealthCheckResponse.Status.UP, probe(List.of(PODS)).getStatus());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(HealthCheckResponse.Status.UP, probe(List.of(PODS)).getStatus());
    }

    @Test
    void aWatchBrokenBeyondTheGraceGoesDownAndNamesTheInformer() {
        for (int second = 0; second <= 90; second += 10) {
            assertEquals(HealthCheckResponse.Status.UP, probe(List.of(PODS, JOBS)).getStatus(), "at " + second + " s");
            clock.advance(Duration.ofSeconds(10));
        }
        HealthCheckResponse down = probe(List.of(PODS, JOBS));

        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals(JOBS + "," + PODS, down.getData().orElseThrow().get("unhealthyBeyondGrace"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HealthCheckResponse.Status.UP, probe(List.of()).getStatus(), "UP again once it watches again");
    }

    @Test
    void eachInformerHasItsOwnClock() {
        probe(List.of(PODS));
        clock.advance(Duration.ofSeconds(60));
        probe(List.of(PODS, JOBS));
        clock.advance(Duration.ofSeconds(31));

        assertEquals(List.of(PODS), tracker.beyondGrace(List.of(PODS, JOBS)));
    }

    private HealthCheckResponse probe(List<String> unhealthy) {
        return tracker.check("informers", unhealthy).build();
    }

    /** A clock the test moves. */
    static final class ProbeClock extends Clock {
        private Instant now;

        ProbeClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
