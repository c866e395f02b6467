package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyRange;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the sampled key space into N consecutive ranges of similar estimated size: a pure function of the stretches.
 * Cuts fall only between stretches, at the shortest boundary there ({@link Separator}); range i ends where range
 * i+1 starts, the first starts at the beginning and the last runs to the end, so they never overlap and cover every
 * key, also keys that were not sampled or are added later. More ranges than cut points leave some ranges empty.
 */
public final class RangeCutter {
    /** A range and the objects estimated in it. */
    public record PlannedRange(KeyRange range, long estimatedObjects) {
    }

    private RangeCutter() {
    }

    public static List<PlannedRange> cut(List<Stretch> stretches, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a plan needs at least one range, got " + count);
        }
        if (stretches.size() < 2 && count > 1) {
            // an empty range is (b, b] for a key b: with nothing to cut at there is no b
            throw new IllegalArgumentException("cannot cut " + count + " ranges from " + stretches.size() + " stretch(es)");
        }
        double[] cumulative = new double[stretches.size()];
        double sum = 0;
        for (int i = 0; i < stretches.size(); i++) {
            sum += stretches.get(i).objects();
            cumulative[i] = sum;
        }
        double total = sum;
        List<PlannedRange> ranges = new ArrayList<>(count);
        String after = null;
        double before = 0;
        int from = 0; // cuts move forward only: ranges stay in order
        for (int r = 1; r < count; r++) {
            double target = total * r / count;
            int cut = -1;
            // the last stretch runs to the end: no cut after it
            for (int i = from; i < stretches.size() - 1; i++) {
                if (cut < 0 || Math.abs(cumulative[i] - target) < Math.abs(cumulative[cut] - target)) {
                    cut = i;
                }
                if (cumulative[i] >= target) {
                    break;
                }
            }
            String upTo = after;
            double upToObjects = before;
            if (cut >= 0) {
                Stretch at = stretches.get(cut);
                upTo = Separator.between(at.high(), at.nextKey());
                upToObjects = cumulative[cut];
                from = cut + 1;
            }
            ranges.add(new PlannedRange(new KeyRange(after, upTo), Math.round(upToObjects - before)));
            after = upTo;
            before = upToObjects;
        }
        ranges.add(new PlannedRange(new KeyRange(after, null), Math.round(total - before)));
        return ranges;
    }
}
