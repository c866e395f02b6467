package io.s3migration.operator.progress;

import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopierPodReportTest {
    static final Progress P1 = new Progress(false, 0, 1, 0, 0, 0, 10, 5, "a");
    static final Progress P2 = new Progress(true, 9, 2, 0, 0, 90, 20, 5, "b");
    static final Summary S = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "ok", P2, List.of(), null);

    @Test
    void newestProgressLineWinsAndGarbageIsIgnored() {
        String log = ProtocolJson.write(new ProgressLine("1", P1)) + "\n" + ProtocolJson.write(new ProgressLine("2", P2)) + "\n{\"type\":\"progr";
        assertEquals(P2, new CopierPodReport("p", "Running", null, null, log).progress().orElseThrow());
    }

    @Test
    void terminationMessageSummaryWinsOverTheLog() {
        String log = ProtocolJson.write(new ProgressLine("1", P1));
        var report = new CopierPodReport("p", "Succeeded", ProtocolJson.write(S), 0, log);
        assertEquals(P2, report.progress().orElseThrow());
        assertEquals("ok", report.summary().orElseThrow().message());
    }

    @Test
    void summaryFallsBackToTheLastLogLine() {
        var report = new CopierPodReport("p", "Failed", "killed", 137, "x\n" + ProtocolJson.write(S) + "\n");
        assertEquals("ok", report.summary().orElseThrow().message());
    }

    @Test
    void nothingReadableIsEmptyNeverAnError() {
        assertTrue(CopierPodReport.NONE.summary().isEmpty());
        assertTrue(CopierPodReport.NONE.progress().isEmpty());
        assertTrue(new CopierPodReport("p", "Running", "", null, "\n\n{{{").progress().isEmpty());
    }
}
