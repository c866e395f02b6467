package io.s3migration.operator.progress;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogScrubberTest {

    @Test
    void removesTheMigrationsOwnSecretsAndMasksAccessKeyShapes() {
        String key = "AKIA" + "IOSFODNN7EXAMPLE".substring(0, 16);
        String log = "auth with secret test-secret-value failed\nkey " + key + " denied";
        String scrubbed = LogScrubber.scrub(log, List.of("test-secret-value"));
        assertFalse(scrubbed.contains("test-secret-value"), scrubbed);
        assertFalse(scrubbed.contains(key), scrubbed);
        assertTrue(scrubbed.contains("AKIA****MPLE"), scrubbed);
        assertTrue(scrubbed.contains("****"), scrubbed);
    }

    @Test
    void keepsTheLastCharactersOfLongLogs() {
        String log = "x".repeat(5000) + "THE END";
        assertEquals(log, LogScrubber.scrub(log, List.of()), "scrubbing keeps the whole text for the parsers");
        String tail = LogScrubber.tail(log);
        assertEquals(LogScrubber.MAX_CHARS, tail.length());
        assertTrue(tail.endsWith("THE END"));
        assertEquals("short", LogScrubber.tail("short"));
        assertNull(LogScrubber.scrub(null, List.of()));
        assertNull(LogScrubber.tail(null));
    }
}
