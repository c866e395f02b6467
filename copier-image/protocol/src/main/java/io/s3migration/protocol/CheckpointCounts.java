package io.s3migration.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts of every key up to and including a checkpoint key, handed to the run that resumes after it so that
 * its progress and summary count the whole migration, not only the part after the checkpoint. Keys an earlier run
 * finished beyond the checkpoint (workers run ahead of the slowest object, which holds the checkpoint back) are
 * not in them: the resumed run lists those again and counts each once (as skipped when it finds it copied).
 */
public record CheckpointCounts(long objectsCopied, long objectsSkipped, long objectsFailed, long bytesCopied) {
    public static final CheckpointCounts NONE = new CheckpointCounts(0, 0, 0, 0);
    private static final String FORMAT = "objectsCopied=N,objectsSkipped=N,objectsFailed=N,bytesCopied=N";
    private static final Pattern FORM = Pattern.compile(FORMAT.replace("N", "(\\d+)"));

    public CheckpointCounts {
        if (objectsCopied < 0 || objectsSkipped < 0 || objectsFailed < 0 || bytesCopied < 0) {
            throw new IllegalArgumentException("checkpoint counts must not be negative: " + format(objectsCopied,
                    objectsSkipped, objectsFailed, bytesCopied));
        }
    }

    public long objectsDone() {
        return objectsCopied + objectsSkipped + objectsFailed;
    }

    /** As the environment variable carries it: {@value #FORMAT}. */
    @Override
    public String toString() {
        return format(objectsCopied, objectsSkipped, objectsFailed, bytesCopied);
    }

    /** Reads {@link #toString()}'s form; {@code name} (the variable) is named in the error. */
    public static CheckpointCounts parse(String name, String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must look like " + FORMAT + ", got '" + text + "'");
        }
        try {
            return new CheckpointCounts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": a count is too large in '" + text + "'");
        }
    }

    private static String format(long copied, long skipped, long failed, long bytes) {
        return "objectsCopied=" + copied + ",objectsSkipped=" + skipped + ",objectsFailed=" + failed + ",bytesCopied=" + bytes;
    }
}
