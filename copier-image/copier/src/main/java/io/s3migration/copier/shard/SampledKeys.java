package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyOrder;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * What sampling knows about the key space: consecutive segments in key order, each either listed (its exact key
 * count, from a page) or a gap between pages (count unknown, estimated from the density of keys in the listed
 * segments next to it: {@link KeyPositions}). A page of keys after some point replaces what it overlaps: it is
 * every key in its span. Pure: no S3 call.
 */
public final class SampledKeys {
    /** Keys after {@code low} (exclusive; null: the beginning) up to {@code high} (inclusive; null: the end). */
    private record Segment(String low, String high, boolean listed, long count, String first) {
    }

    /** Listed keys next to a gap whose density estimates it: enough to smooth out the spacing of single keys. */
    private static final long DENSITY_SAMPLE = 256;
    /**
     * More keys than any bucket holds: a dense page next to a long gap extrapolates to absurd numbers (such a gap is
     * probed first anyway), which must stay finite to add up.
     */
    private static final double MAX_ESTIMATE = 1e15;

    private final int chunk;
    private final List<Segment> segments = new ArrayList<>(List.of(new Segment(null, null, false, 0, null)));
    /** The code points listed keys and probed prefixes hold, by position: the shape of the key space. */
    private final List<BitSet> codePointsSeen = new ArrayList<>();
    private long keysListed;

    /** {@code chunk}: the listed keys per segment, the finest a cut can be placed between listed keys. */
    public SampledKeys(int chunk) {
        this.chunk = Math.max(1, chunk);
    }

    /** Adds a page: {@code keys} (in order) are every key after {@code after}; {@code ended}: and no key follows. */
    public void add(String after, List<String> keys, boolean ended) {
        if (keys.isEmpty() && !ended) {
            return; // says nothing
        }
        keys.forEach(this::see);
        keysListed += keys.size();
        String pageHigh = ended ? null : keys.get(keys.size() - 1);
        List<Segment> page = new ArrayList<>();
        String low = after;
        for (int i = 0; i < keys.size(); i += chunk) {
            int end = Math.min(keys.size(), i + chunk);
            page.add(new Segment(low, keys.get(end - 1), true, end - i, keys.get(i)));
            low = keys.get(end - 1);
        }
        if (ended) {
            page.add(new Segment(low, null, true, 0, null));
        }
        List<Segment> merged = new ArrayList<>(segments.size() + page.size() + 2);
        boolean placed = false;
        for (Segment s : segments) {
            if (s.high != null && after != null && compare(s.high, after) <= 0) {
                merged.add(s); // before the page
                continue;
            }
            if (pageHigh != null && s.low != null && compare(s.low, pageHigh) >= 0) {
                if (!placed) {
                    merged.addAll(page);
                    placed = true;
                }
                merged.add(s); // after the page
                continue;
            }
            boolean leftOver = after != null && (s.low == null || compare(s.low, after) < 0);
            boolean rightOver = pageHigh != null && (s.high == null || compare(s.high, pageHigh) > 0);
            if (leftOver) {
                merged.add(remainder(s, s.low, after, keys, leftOver && rightOver));
            }
            if (!placed) {
                merged.addAll(page);
                placed = true;
            }
            if (rightOver) {
                merged.add(remainder(s, pageHigh, s.high, keys, leftOver && rightOver));
            }
        }
        if (!placed) {
            merged.addAll(page);
        }
        segments.clear();
        segments.addAll(merged);
    }

    /**
     * The part ({@code low}, {@code high}] of {@code s} outside the page: a listed segment keeps its exact count
     * minus the page's keys inside it, unless the page lies inside it with parts left on both sides (the split of
     * its count between them is unknown: both become gaps).
     */
    private static Segment remainder(Segment s, String low, String high, List<String> page, boolean split) {
        if (!s.listed || split) {
            return new Segment(low, high, false, 0, null);
        }
        long inPage = (s.high == null ? page.size() : countUpTo(page, s.high)) - (s.low == null ? 0 : countUpTo(page, s.low));
        long count = s.count - inPage;
        String first = count > 0 && s.first != null && (low == null || s.low == null || compare(s.first, low) > 0) ? s.first : null;
        return new Segment(low, high, true, count, first);
    }

    /** How many of the ordered {@code keys} are at most {@code key}. */
    private static long countUpTo(List<String> keys, String key) {
        int at = Collections.binarySearch(keys, key, KeyOrder.INSTANCE);
        return at >= 0 ? at + 1 : -at - 1;
    }

    public long keysListed() {
        return keysListed;
    }

    /** Whether some key was listed and the sampling found the source empty. */
    public boolean empty() {
        return segments.size() == 1 && segments.get(0).listed && segments.get(0).count == 0;
    }

    /** Whether {@code key} lies in a listed segment (probing there teaches nothing new). */
    public boolean listed(String key) {
        for (Segment s : segments) {
            if ((s.low == null || compare(key, s.low) > 0) && (s.high == null || compare(key, s.high) <= 0)) {
                return s.listed;
            }
        }
        return false;
    }

    /** The gap estimated to hold the most keys, or null when everything is listed. */
    public Gap largestGap() {
        KeyPositions positions = positions();
        Gap largest = null;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (!s.listed) {
                double objects = estimate(i, positions);
                if (largest == null || objects > largest.objects()) {
                    boolean nothingAfter = i + 1 == segments.size() || segments.get(i + 1).count == 0;
                    String low = s.low == null ? "" : s.low;
                    largest = new Gap(s.low, s.high, objects,
                            nothingAfter ? endOfPrefix(low, s.high) : positions.midpoint(low, s.high));
                }
            }
        }
        return largest;
    }

    /** The highest code point: a key's prefix followed by it sorts after every key under that prefix. */
    private static final String MAX = Character.toString(Character.MAX_CODE_POINT);

    /**
     * For a gap with no keys after it (the end of the key space, or a stretch a probe found empty): where the keys
     * under the gap's first key's prefix one character longer than the one it shares with the gap's end end. A probe
     * there that finds nothing bounds the keys to that prefix, and the next probe goes one character deeper; density
     * then applies to a length the keys actually fill, not to the empty rest of the line (halving the line would take
     * dozens of probes to get there). One that finds keys has jumped over a whole prefix to the next.
     */
    static String endOfPrefix(String low, String high) {
        int[] a = low.codePoints().toArray();
        int common = 0;
        if (high != null) {
            int[] b = high.codePoints().toArray();
            while (common < a.length && common < b.length && a[common] == b[common]) {
                common++;
            }
        }
        for (int length = common + 1; length < a.length; length++) {
            String candidate = new String(a, 0, length) + MAX;
            if (compare(candidate, low) > 0 && (high == null || compare(candidate, high) < 0)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A gap between listed keys: ({@code low}, {@code high}], about {@code objects} keys; {@code probe} is where to
     * list next to learn most about it (null when no key lies strictly inside at this resolution).
     */
    public record Gap(String low, String high, double objects, String probe) {
    }

    /** The key space as stretches to cut: listed counts as they are, gaps estimated. */
    public List<Stretch> stretches() {
        KeyPositions positions = positions();
        List<Stretch> stretches = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            Segment next = i + 1 < segments.size() ? segments.get(i + 1) : null;
            String nextKey = next == null ? null : next.first != null ? next.first : next.high;
            stretches.add(new Stretch(s.high, s.listed ? s.count : estimate(i, positions), nextKey));
        }
        return stretches;
    }

    /** Counts {@code key}'s characters into the shape of the key space (a listed key, or a prefix known to hold keys). */
    public void see(String key) {
        int[] codePoints = key.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (codePointsSeen.size() <= i) {
                codePointsSeen.add(new BitSet());
            }
            codePointsSeen.get(i).set(codePoints[i]);
        }
    }

    private KeyPositions positions() {
        return new KeyPositions(codePointsSeen);
    }

    /**
     * A gap's keys: its length times the density of the listed keys on its sparser side. In logarithms: the
     * lengths between keys sharing a long prefix underflow a double.
     */
    private double estimate(int gap, KeyPositions positions) {
        Segment s = segments.get(gap);
        double left = logDensity(gap, -1, positions);
        double right = logDensity(gap, +1, positions);
        double logDensity;
        if (Double.isNaN(left) || Double.isNaN(right)) {
            logDensity = Double.isNaN(left) ? right : left;
        } else {
            // the sparser side: a gap between a dense run and a sparse one is mostly where the dense keys have
            // ended (seeding put probes all through large prefixes); extrapolating the dense side gives absurd numbers
            logDensity = Math.min(left, right);
        }
        if (Double.isNaN(logDensity)) {
            return 0; // no listed key anywhere yet
        }
        return Math.min(MAX_ESTIMATE, Math.exp(logDensity + positions.logLength(s.low == null ? "" : s.low, s.high)));
    }

    /**
     * The log of keys per unit of length in the listed segments next to a gap on one side ({@code direction} -1 or
     * +1), over at least {@link #DENSITY_SAMPLE} keys where the listed run is that long; NaN when that side holds none.
     */
    private double logDensity(int gap, int direction, KeyPositions positions) {
        long count = 0;
        int i = gap + direction;
        int far = i;
        while (i >= 0 && i < segments.size() && segments.get(i).listed && count < DENSITY_SAMPLE) {
            count += segments.get(i).count;
            far = i;
            i += direction;
        }
        if (count < 2) {
            return Double.NaN;
        }
        Segment low = segments.get(direction < 0 ? far : gap + 1);
        Segment high = segments.get(direction < 0 ? gap - 1 : far);
        if (low.first == null || high.high == null) {
            return Double.NaN;
        }
        // from the run's first key to its last: the known-empty stretch before a probe's first key says nothing of density
        return Math.log(count - 1) - positions.logLength(low.first, high.high);
    }

    private static int compare(String a, String b) {
        return KeyOrder.INSTANCE.compare(a, b);
    }
}
