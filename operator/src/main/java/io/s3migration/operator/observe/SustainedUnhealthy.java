package io.s3migration.operator.observe;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers since when each event source has been unhealthy and names those unhealthy for longer than a grace. An
 * informer re-establishing its watch (every 5-10 minutes with this Fabric8 version) is unhealthy for about a second:
 * only one that stays unhealthy is worth a restart (liveness) or leaving the Service's endpoints (readiness).
 * Seen only when a probe asks, so a blip between two probes is not seen at all.
 */
public final class SustainedUnhealthy {
    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> since = new HashMap<>();

    public SustainedUnhealthy(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /** Records which are unhealthy now (a healthy one starts afresh); returns, sorted, those unhealthy beyond the grace. */
    public synchronized List<String> beyondGrace(Collection<String> unhealthyNow) {
        Instant now = clock.instant();
        since.keySet().retainAll(unhealthyNow);
        unhealthyNow.forEach(name -> since.putIfAbsent(name, now));
        return since.entrySet().stream()
                .filter(e -> Duration.between(e.getValue(), now).compareTo(grace) > 0)
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** A check UP unless an event source has been unhealthy beyond the grace; its data names the unhealthy ones either way. */
    public HealthCheckResponseBuilder check(String name, List<String> unhealthyNow) {
        List<String> beyond = beyondGrace(unhealthyNow);
        return HealthCheckResponse.named(name).status(beyond.isEmpty())
                .withData("unhealthy", String.join(",", unhealthyNow))
                .withData("unhealthyBeyondGrace", String.join(",", beyond))
                .withData("grace", grace.toString());
    }
}
