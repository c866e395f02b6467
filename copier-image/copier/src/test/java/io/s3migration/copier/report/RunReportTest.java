package io.s3migration.copier.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RunReportTest {
    @Test
    void theKeyNamesPrefixMigrationPassAndTheRunsStartInUtc() {
        assertEquals("s3migration-reports/photos/3-20260130T142501.007Z.jsonl",
                RunReport.key("s3migration-reports/", "photos", 3, Instant.parse("2026-01-30T14:25:01.007123Z"), null));
    }

    @Test
    void aShardsKeyNamesItsIndexSoShardsStartingInOneMillisecondWriteTwoReports() {
        Instant started = Instant.parse("2026-01-30T14:25:01.007Z");
        assertEquals("r/photos/3-20260130T142501.007Z-shard2.jsonl", RunReport.key("r/", "photos", 3, started, "2"));
        assertNotEquals(RunReport.key("r/", "photos", 3, started, "0"), RunReport.key("r/", "photos", 3, started, "1"));
    }
}
