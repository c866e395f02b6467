package io.s3migration.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: a single-key side, the pass settings and the report prefix; env round trips and refusals naming the variable. */
class PassAndReportSettingsTest {
    static final Bucket SRC = new Bucket("https://s3.example.com", "eu-1", "a", "", true);
    static final Bucket DST = new Bucket(null, "us-east-1", "b", "", false);

    @Test
    void aSingleKeySideTravelsAsKeyNotPrefix() {
        CopierConfig c = CopierConfig.of(Mode.COPY, SRC.withExactKey("2025/report.pdf"), DST.withExactKey("in/report.pdf"));
        Map<String, String> env = CopierEnv.write(c);
        assertEquals("2025/report.pdf", env.get("S3M_SOURCE_KEY"));
        assertEquals("in/report.pdf", env.get("S3M_DESTINATION_KEY"));
        assertFalse(env.containsKey("S3M_SOURCE_PREFIX"));
        assertEquals(c, CopierEnv.read(env));
        assertTrue(c.source().exactKey());
    }

    @Test
    void aSingleKeyHoldsThatKeyAndNotItsNeighbours() {
        Bucket one = SRC.withExactKey("report.pdf");
        assertTrue(one.holds("report.pdf"));
        assertFalse(one.holds("report.pdf.sig"));
        assertEquals("", one.relativeKey("report.pdf"));
        assertEquals("copy/report.pdf", DST.withExactKey("copy/report.pdf").key(one.relativeKey("report.pdf")));
    }

    @Test
    void keyAndPrefixTogetherAreRefusedNamingBoth() {
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC.withExactKey("k"), DST.withExactKey("k"))));
        env.put("S3M_SOURCE_PREFIX", "p/");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains("S3M_SOURCE_KEY") && e.getMessage().contains("S3M_SOURCE_PREFIX"), e.getMessage());
    }

    @Test
    void aSingleKeySourceNeedsADestinationKeyAndTheOtherWayRound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CopierConfig.of(Mode.COPY, SRC.withExactKey("k"), DST));
        assertTrue(e.getMessage().contains("S3M_DESTINATION_KEY"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CopierConfig.of(Mode.COPY, SRC, DST.withExactKey("k")));
        assertTrue(e.getMessage().contains("S3M_SOURCE_KEY"), e.getMessage());
    }

    @Test
    void passAndReportSettingsRoundTrip() {
        Instant started = Instant.parse("2026-01-30T14:25:01Z");
        CopierConfig c = CopierConfig.of(Mode.VERIFY, SRC, DST).with(CopierSettings.MIGRATION, "photos")
                .with(CopierSettings.PASS, 3).with(CopierSettings.PASS_STARTED, started)
                .with(CopierSettings.REPORT_PREFIX, "s3migration-reports/");
        Map<String, String> env = CopierEnv.write(c);
        assertEquals("2026-01-30T14:25:01Z", env.get("S3M_PASS_STARTED"));
        assertEquals("3", env.get("S3M_PASS"));
        assertEquals(c, CopierEnv.read(env));
        CopierConfig plain = CopierConfig.of(Mode.COPY, SRC, DST);
        assertNull(plain.get(CopierSettings.REPORT_PREFIX));
        assertNull(plain.get(CopierSettings.PASS_STARTED));
        assertEquals(1, plain.get(CopierSettings.PASS));
        assertFalse(CopierEnv.write(plain).containsKey("S3M_PASS_STARTED"));
    }

    @Test
    void aReportWithoutTheMigrationNameOrAMalformedStartIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.REPORT_PREFIX, "reports/"));
        assertTrue(e.getMessage().contains("S3M_MIGRATION"), e.getMessage());
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST)));
        env.put("S3M_PASS_STARTED", "yesterday");
        e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains("S3M_PASS_STARTED"), e.getMessage());
    }

    @Test
    void theSummaryKeepsItsReportKeyWhenFitted() {
        Summary s = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "ok", Progress.NONE, java.util.List.of(), null)
                .withReportKey("r/photos/1-20260130T142501.000Z.jsonl");
        Summary read = ProtocolJson.readSummary(ProtocolJson.write(s.fitTo(Summary.TERMINATION_MESSAGE_LIMIT))).orElseThrow();
        assertEquals("r/photos/1-20260130T142501.000Z.jsonl", read.reportKey());
    }
}
