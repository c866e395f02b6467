package io.s3migration.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 18: a shard's key range as settings, its rules, and the plan's range lines. */
class KeyRangeTest {
    static final Bucket SRC = new Bucket("https://s3.example.com", "eu-1", "a", "p/", true);
    static final Bucket DST = new Bucket(null, "us-east-1", "b", "q/", false);

    @Test
    void aRangeIsAfterExclusiveUpToInclusiveInListingOrder() {
        KeyRange r = new KeyRange("p/b", "p/d");
        assertFalse(r.holds("p/b"));
        assertTrue(r.holds("p/b0"));
        assertTrue(r.holds("p/d"));
        assertFalse(r.holds("p/d0"));
        assertTrue(r.beyond("p/d0"));
        // code point order, not UTF-16: U+10000 sorts after U+FFFF
        KeyRange supplementary = new KeyRange(null, "p/\uFFFF");
        assertTrue(supplementary.beyond("p/\uD800\uDC00"));
        assertTrue(KeyRange.ALL.holds("anything"));
        assertFalse(KeyRange.ALL.bounded());
        assertEquals(KeyRange.ALL, new KeyRange("", ""), "empty ends are open ends");
    }

    @Test
    void aListingStartsAfterTheLaterOfRangeStartAndCheckpoint() {
        KeyRange r = new KeyRange("p/m", null);
        assertEquals("p/m", r.startAfter(null));
        assertEquals("p/x", r.startAfter("p/x"));
        assertEquals("p/m", r.startAfter("p/a"));
        assertEquals("p/x", KeyRange.ALL.startAfter("p/x"));
        assertNull(KeyRange.ALL.startAfter(null));
    }

    @Test
    void theRangeRoundTripsThroughTheEnvironmentAndIsLeftOutWhenOpen() {
        CopierConfig open = CopierConfig.of(Mode.COPY, SRC, DST);
        Map<String, String> env = CopierEnv.write(open);
        assertFalse(env.containsKey("S3M_RANGE_AFTER") || env.containsKey("S3M_RANGE_UP_TO") || env.containsKey("S3M_SHARDS")
                || env.containsKey("S3M_PLAN_REQUESTS"), "a run without a range or plan has none of their variables: " + env);
        CopierConfig shard = open.with(CopierSettings.RANGE_AFTER, "p/b").with(CopierSettings.RANGE_UP_TO, "p/d")
                .withCheckpoint("p/c", new CheckpointCounts(1, 0, 0, 10));
        assertEquals(shard, CopierEnv.read(CopierEnv.write(shard)));
        assertEquals(new KeyRange("p/b", "p/d"), KeyRange.of(CopierEnv.read(CopierEnv.write(shard))));
        CopierConfig plan = CopierConfig.of(Mode.PLAN, SRC, DST).with(CopierSettings.SHARDS, 8);
        assertEquals("8", CopierEnv.write(plan).get("S3M_SHARDS"));
        assertEquals("plan", CopierEnv.write(plan).get("S3M_MODE"));
    }

    @Test
    void badRangesAreRefusedNamingTheVariableAndTheFix() {
        assertRefused(Map.of("S3M_RANGE_AFTER", "x/b"), "S3M_RANGE_AFTER", "not under the source prefix 'p/'");
        assertRefused(Map.of("S3M_RANGE_UP_TO", "x/b"), "S3M_RANGE_UP_TO", "not under the source prefix 'p/'");
        assertRefused(Map.of("S3M_RANGE_AFTER", "p/d", "S3M_RANGE_UP_TO", "p/b"), "S3M_RANGE_AFTER", "sorts after");
        assertRefused(Map.of("S3M_RANGE_AFTER", "p/b", "S3M_RANGE_UP_TO", "p/d", "S3M_CHECKPOINT", "p/e"),
                "S3M_CHECKPOINT", "outside the range");
        assertRefused(Map.of("S3M_RANGE_AFTER", "p/b", "S3M_CHECKPOINT", "p/b"), "S3M_CHECKPOINT", "own checkpoint");
        assertRefused(Map.of("S3M_SHARDS", "65"), "S3M_SHARDS", "between 1 and 64");
        assertRefused(Map.of("S3M_SHARDS", "0"), "S3M_SHARDS", "between 1 and 64");
        // an empty range is valid: a plan for fewer keys than shards has some
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST)));
        env.putAll(Map.of("S3M_RANGE_AFTER", "p/b", "S3M_RANGE_UP_TO", "p/b"));
        assertEquals(new KeyRange("p/b", "p/b"), KeyRange.of(CopierEnv.read(env)));
    }

    private static void assertRefused(Map<String, String> settings, String variable, String why) {
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST)));
        env.putAll(settings);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains(variable) && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void rangeLinesRoundTripWithOpenEndsAsEmptyStrings() {
        RangeLine first = new RangeLine(0, new KeyRange(null, "p/m"), 500);
        RangeLine last = new RangeLine(1, new KeyRange("p/m", null), 480);
        String json = ProtocolJson.write(first);
        assertTrue(json.contains("\"after\":\"\"") && json.contains("\"upTo\":\"p/m\"") && json.contains("\"type\":\"range\""), json);
        String log = String.join("\n", "{\"type\":\"start\"}", json, "garbage{", ProtocolJson.write(last), "");
        List<RangeLine> ranges = ProtocolJson.rangesIn(log);
        assertEquals(List.of(first, last), ranges);
        assertEquals(new KeyRange(null, "p/m"), ranges.get(0).range());
    }
}
