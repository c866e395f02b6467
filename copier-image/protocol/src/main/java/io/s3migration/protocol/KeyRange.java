package io.s3migration.protocol;

import static io.s3migration.protocol.CopierSettings.CHECKPOINT;
import static io.s3migration.protocol.CopierSettings.RANGE_AFTER;
import static io.s3migration.protocol.CopierSettings.RANGE_UP_TO;

/**
 * The keys one shard owns: every key strictly after {@code after} and up to and including {@code upTo}, in
 * {@link KeyOrder} (S3's listing order). Null ends are open: null {@code after} starts at the first key, null
 * {@code upTo} runs to the last, keys added during the pass included. Consecutive ranges of one plan share their
 * boundary ({@code upTo} of one is {@code after} of the next), so they never overlap and leave no key out. The keys
 * are full source keys, as a checkpoint is; {@code after == upTo} is an empty range (a plan for fewer keys than shards).
 */
public record KeyRange(String after, String upTo) {
    /** Every key. */
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        after = after == null || after.isEmpty() ? null : after;
        upTo = upTo == null || upTo.isEmpty() ? null : upTo;
    }

    /** The range a run was given ({@link CopierSettings#RANGE_AFTER}, {@link CopierSettings#RANGE_UP_TO}). */
    public static KeyRange of(CopierConfig config) {
        return new KeyRange(config.get(RANGE_AFTER), config.get(RANGE_UP_TO));
    }

    /** Whether this is less than every key. */
    public boolean bounded() {
        return after != null || upTo != null;
    }

    public boolean holds(String key) {
        return (after == null || KeyOrder.INSTANCE.compare(key, after) > 0) && !beyond(key);
    }

    /** Whether {@code key} sorts after the range's end: a listing in key order can stop there. */
    public boolean beyond(String key) {
        return upTo != null && KeyOrder.INSTANCE.compare(key, upTo) > 0;
    }

    /** Where a listing of this range starts: after the later of the range's start and {@code checkpoint} (null: none). */
    public String startAfter(String checkpoint) {
        if (checkpoint == null) {
            return after;
        }
        return after == null || KeyOrder.INSTANCE.compare(checkpoint, after) > 0 ? checkpoint : after;
    }

    /**
     * Refuses a range a run cannot honour, naming the variable and the fix: ends outside the source prefix, ends in the
     * wrong order, or a checkpoint outside the range (another shard's: resuming from it would copy the wrong keys
     * and carry that shard's counts).
     */
    void checkHolds(String checkpoint, Bucket source) {
        for (var end : new String[][] {{RANGE_AFTER.variable(), after}, {RANGE_UP_TO.variable(), upTo}}) {
            if (end[1] != null && !source.holds(end[1])) {
                throw new IllegalArgumentException(end[0] + " '" + end[1] + "' is not under the source prefix '"
                        + source.prefix() + "': range ends are full source keys, as the plan printed them");
            }
        }
        if (after != null && upTo != null && KeyOrder.INSTANCE.compare(after, upTo) > 0) {
            throw new IllegalArgumentException(RANGE_AFTER + " '" + after + "' sorts after " + RANGE_UP_TO + " '" + upTo
                    + "': a range is (after, upTo]; take both ends from the same range line of the plan");
        }
        if (checkpoint != null && !holds(checkpoint)) {
            throw new IllegalArgumentException(CHECKPOINT + " '" + checkpoint + "' lies outside the range ("
                    + (after == null ? "start" : "'" + after + "'") + ", " + (upTo == null ? "end" : "'" + upTo + "'")
                    + "]: a shard resumes only from its own checkpoint; leave it out to start the range over");
        }
    }

    @Override
    public String toString() {
        return "(" + (after == null ? "start" : after) + ", " + (upTo == null ? "end" : upTo) + "]";
    }
}
