package io.s3migration.operator.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger of starts: its ConfigMap form, idempotent recording, and its size bound (the window). */
class StartLedgerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static StartLedger.Start start(String name, long hoursAgo) {
        return new StartLedger.Start(name, NOW.minus(Duration.ofHours(hoursAgo)));
    }

    @Test
    void readsAndWritesOneKeyPerNamespaceOneLinePerStartOldestFirst() {
        StartLedger ledger = StartLedger.EMPTY.with("team-a", start("photos", 1), NOW).with("team-a", start("logs", 3), NOW)
                .with("team-b", start("photos", 2), NOW);
        Map<String, String> data = ledger.data();
        assertEquals(Map.of("team-a", "2026-11-22T09:00:00Z logs\n2026-11-22T11:00:00Z photos",
                "team-b", "2026-11-22T10:00:00Z photos"), data);
        assertEquals(ledger, StartLedger.parse(data));
        assertEquals(List.of(start("logs", 3), start("photos", 1)), StartLedger.parse(data).in("team-a"));
        assertEquals(List.of(), ledger.in("team-c"));
    }

    @Test
    void recordingAStartAgainChangesNothingButTheSameNameStartedAgainIsAnotherStart() {
        StartLedger once = StartLedger.EMPTY.with("team-a", start("photos", 1), NOW);
        assertEquals(once, once.with("team-a", start("photos", 1), NOW), "a repeated reconcile records nothing new");
        assertEquals(2, once.with("team-a", start("photos", 0), NOW).in("team-a").size(), "re-created under the same name");
    }

    @Test
    void startsThatLeftTheWindowAreDroppedInEveryNamespaceAtTheNextWrite() {
        StartLedger old = StartLedger.parse(Map.of(
                "team-a", NOW.minus(Duration.ofHours(25)) + " photos\n" + NOW.minus(Duration.ofHours(23)) + " logs",
                "team-b", NOW.minus(Duration.ofHours(24)) + " maps"));
        StartLedger pruned = old.with("team-c", start("new", 0), NOW);
        assertEquals(List.of(start("logs", 23)), pruned.in("team-a"));
        assertTrue(!pruned.byNamespace().containsKey("team-b"), "a namespace without a start in the window goes: " + pruned);
        assertEquals(List.of(start("new", 0)), pruned.in("team-c"));
    }

    @Test
    void aGarbledLineIsSkippedNotFatal() {
        StartLedger ledger = StartLedger.parse(Map.of("team-a", "yesterday photos\n\n" + NOW + " logs\n" + NOW));
        assertEquals(List.of(new StartLedger.Start("logs", NOW)), ledger.in("team-a"));
    }
}
