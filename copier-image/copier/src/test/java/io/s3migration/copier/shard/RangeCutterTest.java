package io.s3migration.copier.shard;

import io.s3migration.copier.shard.RangeCutter.PlannedRange;
import io.s3migration.protocol.KeyRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RangeCutterTest {
    @Test
    void cutsAtTheStretchEndsClosestToEqualShares() {
        List<Stretch> stretches = List.of(new Stretch("a/1", 10, "a/2"), new Stretch("a/5", 40, "b/0"),
                new Stretch("b/5", 30, "c"), new Stretch("c/9", 20, "d"), new Stretch(null, 0, null));
        List<PlannedRange> ranges = RangeCutter.cut(stretches, 2);
        // after "a/5" the next key is "b/0": the boundary "b" separates them
        assertEquals(List.of(new PlannedRange(new KeyRange(null, "b"), 50), new PlannedRange(new KeyRange("b", null), 50)),
                ranges);
        List<PlannedRange> three = RangeCutter.cut(stretches, 3);
        assertEquals(List.of(new PlannedRange(new KeyRange(null, "b"), 50), new PlannedRange(new KeyRange("b", "b0"), 30),
                new PlannedRange(new KeyRange("b0", null), 20)), three);
    }

    @Test
    void boundariesAreShortenedUpToTheNextKey() {
        List<Stretch> stretches = List.of(new Stretch("logs/2024/12/31/x", 5, "logs/2025/01/01/y"), new Stretch(null, 5, null));
        assertEquals(new KeyRange(null, "logs/2025"), RangeCutter.cut(stretches, 2).get(0).range());
    }

    @Test
    void moreRangesThanPlacesToCutLeavesEmptyRangesAtTheEnd() {
        List<Stretch> stretches = List.of(new Stretch("a", 1, "b"), new Stretch("b", 1, null), new Stretch(null, 0, null));
        List<PlannedRange> ranges = RangeCutter.cut(stretches, 4);
        assertEquals(List.of(new PlannedRange(new KeyRange(null, "a"), 1), new PlannedRange(new KeyRange("a", "b"), 1),
                new PlannedRange(new KeyRange("b", "b"), 0), new PlannedRange(new KeyRange("b", null), 0)), ranges);
        assertEquals(List.of(new PlannedRange(KeyRange.ALL, 2)), RangeCutter.cut(stretches, 1));
        assertThrows(IllegalArgumentException.class, () -> RangeCutter.cut(List.of(new Stretch(null, 3, null)), 2));
    }
}
