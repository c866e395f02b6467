package io.s3migration.copier.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunReportTest {
    @Test
    void theKeyNamesPrefixMigrationPassAndTheRunsStartInUtc() {
        assertEquals("s3migration-reports/photos/3-20260130T142501.007Z.jsonl",
                RunReport.key("s3migration-reports/", "photos", 3, Instant.parse("2026-01-30T14:25:01.007123Z")));
    }
}
