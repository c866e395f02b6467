package io.s3migration.operator.resources;

import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The pass's settings a copier Job gets: migration, pass, pass start, report prefix. */
class CopierInputsPassTest {
    static final CopierConfig RUN = CopierConfig.of(Mode.VERIFY, new Bucket("https://a.example", "eu-1", "a", "", false),
            new Bucket("https://b.example", "eu-1", "b", "", false));

    @Test
    void theJobIsToldItsMigrationPassPassStartAndReportPrefix() {
        Map<String, String> env = CopierEnv.write(CopierInputs.forPass(RUN, "photos", 3, "2026-11-22T08:00:00Z", "reports/"));
        assertEquals("photos", env.get("S3M_MIGRATION"));
        assertEquals("3", env.get("S3M_PASS"));
        assertEquals("2026-11-22T08:00:00Z", env.get("S3M_PASS_STARTED"));
        assertEquals("reports/", env.get("S3M_REPORT_PREFIX"));
    }

    @Test
    void withoutAReportOrAReadablePassStartTheyAreLeftOut() {
        CopierConfig c = CopierInputs.forPass(RUN, "photos", 1, "yesterday", null);
        assertNull(c.get(CopierSettings.PASS_STARTED), "an unreadable time: every difference counts as a true one");
        assertNull(c.get(CopierSettings.REPORT_PREFIX));
        assertFalse(CopierEnv.write(c).containsKey("S3M_REPORT_PREFIX"));
        assertEquals(Instant.parse("2026-11-22T08:00:00Z"),
                CopierInputs.forPass(RUN, "photos", 1, "2026-11-22T08:00:00Z", " ").get(CopierSettings.PASS_STARTED));
    }
}
