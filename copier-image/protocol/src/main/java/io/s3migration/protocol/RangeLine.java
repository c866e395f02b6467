package io.s3migration.protocol;

/**
 * One key range of a plan ({@link Mode#PLAN}), a line on stdout: shard {@code index} (0-based, the Indexed Job's
 * completion index) owns the source keys in ({@code after}, {@code upTo}] ({@link KeyRange}; an empty string is an
 * open end), about {@code estimatedObjects} of them. Hand a shard its range as {@link CopierSettings#RANGE_AFTER} and
 * {@link CopierSettings#RANGE_UP_TO}.
 */
public record RangeLine(String type, String msg, int index, String after, String upTo, long estimatedObjects) {
    public static final String TYPE = "range";

    public RangeLine {
        type = TYPE;
        after = after == null ? "" : after;
        upTo = upTo == null ? "" : upTo;
    }

    public RangeLine(int index, KeyRange range, long estimatedObjects) {
        this(TYPE, "range " + index + ": " + range + ", about " + estimatedObjects + " objects", index, range.after(),
                range.upTo(), estimatedObjects);
    }

    public KeyRange range() {
        return new KeyRange(after, upTo);
    }
}
