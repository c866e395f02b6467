package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Phase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The quota decision. {@code others} is a compact list: each item {@code Phase@hoursAgo} (hours since its start,
 * '-' for never started).
 */
class QuotasTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty namespace                  | 2 | 3 | false | ''                                   | true",
            "one running                      | 2 | 3 | false | Running@1                            | true",
            "two running: full                | 2 | 3 | false | Running@1 Preflight@0                 | false",
            "paused and queued hold no slot   | 2 | 0 | false | Paused@1 Queued@- Pending@-          | true",
            "finished ones hold no slot       | 2 | 0 | false | Succeeded@1 Failed@2 Cancelled@3     | true",
            "three started today: daily full  | 5 | 3 | false | Succeeded@1 Failed@2 Cancelled@23    | false",
            "a start 25 hours ago has expired | 5 | 3 | false | Succeeded@1 Failed@2 Cancelled@25    | true",
            "resume ignores the daily limit   | 5 | 3 | true  | Succeeded@1 Failed@2 Cancelled@23    | true",
            "resume still needs a slot        | 2 | 3 | true  | Running@1 Running@2                  | false",
            "zero means unlimited             | 0 | 0 | false | Running@1 Running@2 Running@3        | true",
    })
    void admits(String name, int maxConcurrent, int maxPerDay, boolean resume, String others, boolean allowed) {
        List<Quotas.Usage> usage = new ArrayList<>();
        int i = 0;
        for (String item : others.trim().isEmpty() ? new String[0] : others.trim().split("\\s+")) {
            String[] parts = item.split("@");
            String start = parts[1].equals("-") ? null : NOW.minusSeconds(3600L * Integer.parseInt(parts[1])).toString();
            usage.add(new Quotas.Usage("o" + i++, Phase.valueOf(parts[0]), start));
        }
        Quotas.Admission admission = Quotas.admit(new Quotas.Limits(maxConcurrent, maxPerDay), resume, usage, NOW);
        assertEquals(allowed, admission.allowed(), String.valueOf(admission.message()));
    }
}
