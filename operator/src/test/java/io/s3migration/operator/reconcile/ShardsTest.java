package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.RangeLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardsTest {
    private static RangeLine line(int index, String after, String upTo) {
        return new RangeLine(index, new KeyRange(after, upTo), 10);
    }

    @Test
    void aPlanThatCoversTheSourceExactlyBecomesPendingShardsInIndexOrder() {
        Shards.Plan plan = Shards.fromPlan(List.of(line(2, "p/m", null), line(0, null, "p/c"), line(1, "p/c", "p/m")), 3);
        assertTrue(plan.ok(), plan.problem());
        assertEquals(List.of(new ShardStatus(0, "", "p/c", "Pending", null, null),
                new ShardStatus(1, "p/c", "p/m", "Pending", null, null),
                new ShardStatus(2, "p/m", "", "Pending", null, null)), plan.shards());
    }

    @Test
    void aPlanWithAGapAnOverlapAMissingEndOrTheWrongCountIsRefused() {
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/d", null)), 2).ok(), "gap");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/b", null)), 2).ok(), "overlap");
        assertFalse(Shards.fromPlan(List.of(line(0, "p/a", "p/c"), line(1, "p/c", null)), 2).ok(), "first key left out");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/c", "p/z")), 2).ok(), "keys after p/z left out");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c")), 2).ok(), "a range missing (log tail cut short)");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(0, "p/c", null)), 2).ok(), "an index twice");
    }

    @Test
    void progressIsTheSumOfTheShardsAndSizedOnlyWhenEveryShardIs() {
        var a = new ShardStatus(0, "", "p/c", "Running", null, new ShardStatus.Counts(true, 10, 4, 1, 0, 1000, 400, 50));
        var b = new ShardStatus(1, "p/c", "", "Running", null, new ShardStatus.Counts(false, 5, 2, 0, 1, 500, 200, 30));
        ProgressStatus sum = Shards.progress(List.of(a, b)).orElseThrow();
        assertEquals(15, sum.objectsTotal());
        assertEquals(6, sum.objectsCopied());
        assertEquals(1, sum.objectsSkipped());
        assertEquals(1, sum.objectsFailed());
        assertEquals(1500, sum.bytesTotal());
        assertEquals(600, sum.bytesCopied());
        assertEquals(80, sum.bytesPerSecond());
        assertFalse(sum.sizingComplete());
        var bSized = b.with("Running", null, new ShardStatus.Counts(true, 5, 2, 0, 1, 500, 200, 30));
        assertTrue(Shards.progress(List.of(a, bSized)).orElseThrow().sizingComplete());
        var pending = new ShardStatus(1, "p/c", "", "Pending", null, null);
        assertFalse(Shards.progress(List.of(a, pending)).orElseThrow().sizingComplete(), "a shard not yet counted");
        assertTrue(Shards.progress(List.of(pending)).isEmpty());
    }
}
