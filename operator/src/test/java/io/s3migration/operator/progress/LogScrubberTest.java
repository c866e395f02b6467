package io.s3migration.operator.progress;

import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogScrubberTest {
    // built at run time so the source holds no access-key-shaped literal
    static final String ACCESS_KEY_SHAPED = "AKIA" + "IOSFODNN7" + "EXAMPLE";

    @Test
    void removesTheMigrationsOwnSecretsEverywhereAndMasksAccessKeyShapesInStatus() {
        String log = "auth with secret test-secret-value failed\nkey " + ACCESS_KEY_SHAPED + " denied";
        String scrubbed = LogScrubber.scrub(log, List.of("test-secret-value"));
        assertFalse(scrubbed.contains("test-secret-value"), scrubbed);
        String shown = LogScrubber.forStatus(scrubbed);
        assertFalse(shown.contains(ACCESS_KEY_SHAPED), shown);
        assertTrue(shown.contains("AKIA****MPLE"), shown);
        assertFalse(shown.contains("test-secret-value"), shown);
    }

    @Test
    void aCheckpointKeyShapedLikeAnAccessKeyIsParsedExactly() {
        String key = "logs/" + ACCESS_KEY_SHAPED + ".gz";
        Progress p = new Progress(false, 2, 1, 0, 0, 10, 5, 1, key);
        String log = ProtocolJson.write(new ProgressLine("1/2 objects done", p));
        CopierPodReport report = new CopierPodReport("pod", "Running", null, null, LogScrubber.scrub(log, List.of("s3cr3t-value")));
        assertEquals(key, report.progress().orElseThrow().lastKey());
        assertFalse(report.statusLogTail().contains(ACCESS_KEY_SHAPED), report.statusLogTail());
    }

    @Test
    void keepsTheLastCharactersOfLongLogsForStatus() {
        String log = "x".repeat(5000) + "THE END";
        assertEquals(log, LogScrubber.scrub(log, List.of()), "scrubbing keeps the whole text for the parsers");
        String tail = LogScrubber.forStatus(log);
        assertEquals(LogScrubber.MAX_CHARS, tail.length());
        assertTrue(tail.endsWith("THE END"));
        assertEquals("short", LogScrubber.forStatus("short"));
        assertNull(LogScrubber.scrub(null, List.of()));
        assertNull(LogScrubber.forStatus(null));
    }
}
