package io.s3migration.copier.shard;

import io.s3migration.copier.shard.Planner.Plan;
import io.s3migration.copier.shard.RangeCutter.PlannedRange;
import io.s3migration.copier.support.Corpus;
import io.s3migration.copier.support.ShardedKeys;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.KeyOrder;
import io.s3migration.protocol.KeyRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner on synthetic key sets held in memory, with pages of 100 keys and the default budget of 100 requests: it
 * sees at most 10,000 of 100,000 keys (as it would 100,000 of a million with S3's pages of 1,000). The ranges never
 * overlap and cover every key (consecutive, open at both ends), each holds between 1/{@value #FACTOR} and
 * {@value #FACTOR} times an equal share, counted key by key, and the estimated total is within {@value #FACTOR_TOTAL}x
 * of the truth, for nested folders, one hot prefix, flat hashed keys, flat variable-length decimal keys, keys in many
 * scripts at both ends of Unicode, and the MinIO proof's key set with S3's page.
 */
class PlannerTest {
    static final double FACTOR = 2;
    static final double FACTOR_TOTAL = 3;
    static final int PAGE = 100;
    static final int BUDGET = CopierSettings.PLAN_REQUESTS.defaultValue();
    static final int N = 8;

    @Test
    void uniformKeysInNestedFolders() {
        assertBalanced("uniform", keys(100_000, i -> String.format(Locale.ROOT, "k/%03d/%06d", i % 1000, i)), N);
    }

    @Test
    void oneHotPrefixHoldingNinetyPercent() {
        List<String> keys = new ArrayList<>(keys(90_000, i -> String.format(Locale.ROOT, "hot/2025/%02d/%02d/img_%06d.jpg", i % 12, i % 28, i)));
        for (String top : List.of("alpha", "beta", "cold", "delta", "zeta", "archive")) {
            keys.addAll(keys(10_000 / 6, i -> top + "/" + String.format(Locale.ROOT, "%05d", i)));
        }
        assertBalanced("hot prefix", keys, N);
    }

    @Test
    void flatHashedKeysWithoutDelimiters() {
        Random random = new Random(18);
        assertBalanced("flat hex", keys(100_000, i -> Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())), N);
    }

    @Test
    void flatSequentialKeysWithoutDelimiters() {
        // "object-9" sorts after "object-10000": prefixes of unequal size, "object-0" holding one key
        assertBalanced("flat sequential", keys(100_000, i -> "object-" + i), N);
    }

    @Test
    void unicodeAndTheTrickyCorpusAtBothEnds() {
        List<String> keys = new ArrayList<>(Corpus.trickyKeys());
        String[] scripts = {"日本語/写真", "ünïcödé/straße", "emoji/😀", "한국어/사진", "ελληνικά/φωτό"};
        keys.addAll(keys(50_000, i -> scripts[i % scripts.length] + "/" + i + (i % 7 == 0 ? "-😁" : "")));
        keys.addAll(keys(20_000, i -> "\u0001low/" + i)); // the lowest end of the key space
        keys.addAll(keys(20_000, i -> "\uDBFF\uDFFF/high/" + i)); // the highest code point
        assertBalanced("unicode", keys, N);
    }

    @Test
    void theMinioProofsKeySetWithS3sPage() {
        assertBalanced("MinIO proof", ShardedKeys.seeded(100_000), 4, 1000);
    }

    @Test
    void fewerKeysThanRangesLeavesSomeEmptyAndLosesNone() {
        SortedKeys space = new SortedKeys(List.of("b", "a/x", "c"));
        Plan plan = new Planner(space, PAGE, BUDGET).plan(8);
        assertEquals(1, plan.requests(), "one page holds the whole source");
        assertCovering(plan.ranges(), 8);
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L), plan.ranges().stream().map(r -> space.count(r.range())).toList());
    }

    @Test
    void aSmallSourceIsCutExactly() {
        SortedKeys space = new SortedKeys(keys(90, i -> "k/" + i));
        Plan plan = new Planner(space, PAGE, BUDGET).plan(4);
        assertTrue(plan.ranges().stream().allMatch(r -> space.count(r.range()) == 22 || space.count(r.range()) == 23), plan.toString());
        assertEquals(plan.ranges().stream().map(PlannedRange::estimatedObjects).toList(),
                plan.ranges().stream().map(r -> space.count(r.range())).toList());
    }

    @Test
    void anEmptySourceHasNoRanges() {
        Plan plan = new Planner(new SortedKeys(List.of()), PAGE, BUDGET).plan(4);
        assertEquals(List.of(), plan.ranges());
    }

    private static void assertBalanced(String name, List<String> keys, int n) {
        assertBalanced(name, keys, n, PAGE);
    }

    private static void assertBalanced(String name, List<String> keys, int n, int page) {
        SortedKeys space = new SortedKeys(keys);
        Plan plan = new Planner(space, page, BUDGET).plan(n);
        assertCovering(plan.ranges(), n);
        assertTrue(plan.requests() <= BUDGET && space.requests == plan.requests(), plan.requests() + " requests");
        double share = (double) space.size() / n;
        List<Long> counts = plan.ranges().stream().map(r -> space.count(r.range())).toList();
        assertEquals(space.size(), counts.stream().mapToLong(Long::longValue).sum(), "every key in exactly one range");
        System.out.printf(Locale.ROOT, "%s: %d keys, %d requests (%d keys listed), estimated %d; ranges %s (%.2f to %.2f"
                        + " shares), boundaries %s%n", name, space.size(), plan.requests(), plan.keysListed(),
                plan.estimatedObjects(), counts, counts.stream().mapToLong(c -> c).min().orElse(0) / share,
                counts.stream().mapToLong(c -> c).max().orElse(0) / share, plan.ranges().stream().map(r -> r.range().upTo()).toList());
        for (long c : counts) {
            assertTrue(c <= share * FACTOR && c >= share / FACTOR, name + ": a range of " + c + " keys, share " + share
                    + ": " + counts);
        }
        double truth = space.size();
        assertTrue(plan.estimatedObjects() <= truth * FACTOR_TOTAL && plan.estimatedObjects() >= truth / FACTOR_TOTAL,
                name + ": estimated " + plan.estimatedObjects() + " of " + space.size() + " keys");
    }

    /** Consecutive, in order, open at both ends: no overlap and no key left out. */
    static void assertCovering(List<PlannedRange> ranges, int n) {
        assertEquals(n, ranges.size());
        assertNull(ranges.get(0).range().after());
        assertNull(ranges.get(n - 1).range().upTo());
        for (int i = 0; i + 1 < n; i++) {
            KeyRange r = ranges.get(i).range();
            assertEquals(r.upTo(), ranges.get(i + 1).range().after(), "range " + i + " ends where " + (i + 1) + " starts");
            assertTrue(r.after() == null || KeyOrder.INSTANCE.compare(r.after(), r.upTo()) <= 0, r.toString());
        }
    }

    private static List<String> keys(int count, IntFunction<String> key) {
        return IntStream.range(0, count).mapToObj(key).toList();
    }
}
