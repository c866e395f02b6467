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
        Quotas.Admission admission = Quotas.admit(new Quotas.Limits(maxConcurrent, maxPerDay), resume, usage, List.of(), NOW);
        assertEquals(allowed, admission.allowed(), String.valueOf(admission.message()));
    }

    /** Starts the operator recorded in its ledger count although their MigrationJobs are gone, each start once. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "three deleted ones started today: full         | a@1 b@2 c@23 | ''              | false",
            "a recorded start 24 hours ago has expired      | a@1 b@2 c@24 | ''              | true",
            "one still existing is not counted twice        | a@1 b@2      | a@1             | true",
            "same name, another start: a re-created one     | a@1 b@2      | a@3             | false",
            "recorded and existing ones add up              | a@1          | b@2 c@5         | false",
    })
    void countsTheLedgersStartsWithTheExistingOnes(String name, String recorded, String existing, boolean allowed) {
        List<StartLedger.Start> ledger = new ArrayList<>();
        for (String item : recorded.trim().split("\\s+")) {
            String[] parts = item.split("@");
            ledger.add(new StartLedger.Start(parts[0], NOW.minusSeconds(3600L * Integer.parseInt(parts[1]))));
        }
        List<Quotas.Usage> others = new ArrayList<>();
        for (String item : existing.trim().isEmpty() ? new String[0] : existing.trim().split("\\s+")) {
            String[] parts = item.split("@");
            others.add(new Quotas.Usage(parts[0], Phase.Succeeded, NOW.minusSeconds(3600L * Integer.parseInt(parts[1])).toString()));
        }
        Quotas.Admission admission = Quotas.admit(new Quotas.Limits(0, 3), false, others, ledger, NOW);
        assertEquals(allowed, admission.allowed(), String.valueOf(admission.message()));
    }

    @org.junit.jupiter.api.Test
    void aFullDaySaysWhenTheNextStartIsFree() {
        List<StartLedger.Start> ledger = List.of(new StartLedger.Start("a", NOW.minusSeconds(3600 * 20)),
                new StartLedger.Start("b", NOW.minusSeconds(3600)));
        Quotas.Admission admission = Quotas.admit(new Quotas.Limits(0, 2), false, List.of(), ledger, NOW);
        assertEquals("Queued: 2 migration(s) started in this namespace in the last 24 hours (limit 2, deleted ones included);"
                + " this one starts automatically at 2026-11-22T16:00:00Z, when the oldest of those starts is 24 hours old",
                admission.message());
    }
}
