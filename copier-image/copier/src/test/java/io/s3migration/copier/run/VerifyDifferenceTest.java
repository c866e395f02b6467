package io.s3migration.copier.run;

import io.s3migration.copier.report.ReportLine.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How verify counts a difference: written to the source while the pass ran, or a true one. */
class VerifyDifferenceTest {
    static final Instant PASS = Instant.parse("2026-01-30T14:00:00Z");

    @Test
    void aSourceObjectModifiedAtOrAfterThePassStartChangedDuringIt() {
        assertEquals(Outcome.changedDuringPass, VerifyRun.difference("missing", PASS, PASS), "at the start counts: LastModified has seconds only");
        assertEquals(Outcome.changedDuringPass, VerifyRun.difference("size differs", PASS.plusSeconds(60), PASS));
    }

    @Test
    void anOlderSourceObjectIsATrueDifference() {
        assertEquals(Outcome.missing, VerifyRun.difference("missing", PASS.minusSeconds(1), PASS));
        assertEquals(Outcome.mismatched, VerifyRun.difference("size differs", PASS.minusSeconds(1), PASS));
    }

    @Test
    void withoutAPassStartOrALastModifiedEveryDifferenceIsTrue() {
        assertEquals(Outcome.missing, VerifyRun.difference("missing", PASS.plusSeconds(5), null));
        assertEquals(Outcome.mismatched, VerifyRun.difference("etag differs", null, PASS));
    }
}
