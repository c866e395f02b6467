package io.s3migration.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static io.s3migration.protocol.CopierSettings.RANGES_DIR;
import static io.s3migration.protocol.CopierSettings.RANGE_AFTER;
import static io.s3migration.protocol.CopierSettings.RANGE_UP_TO;
import static io.s3migration.protocol.CopierSettings.SHARD;

/**
 * One shard of an Indexed Job finds its key range: every pod of the Job has the same environment, so the ranges
 * come as files of a mounted ConfigMap ({@link CopierSettings#RANGES_DIR}), one pair per index, and the pod picks
 * its own by the index Kubernetes gives it ({@link #INDEX_ENV}). An empty file is an open end.
 */
public final class ShardFiles {
    /** Set by Kubernetes in every pod of an Indexed Job. */
    public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private ShardFiles() {
    }

    public static String afterFile(int index) {
        return index + ".after";
    }

    public static String upToFile(int index) {
        return index + ".upTo";
    }

    /** The shard index of this run: null without {@link CopierSettings#RANGES_DIR} (a single run). */
    public static Integer index(CopierConfig config, String indexValue) {
        if (config.get(RANGES_DIR) == null) {
            return null;
        }
        if (indexValue == null || indexValue.isBlank()) {
            throw new IllegalArgumentException(RANGES_DIR + " is set without " + INDEX_ENV
                    + ": a shard takes its range by the completion index of an Indexed Job; set both, or neither");
        }
        try {
            int index = Integer.parseInt(indexValue.trim());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(INDEX_ENV + " '" + indexValue + "' is not a shard index (0, 1, 2, ...)");
    }

    /** {@code config} with the range of shard {@code index} (null: unchanged) read from {@link CopierSettings#RANGES_DIR}. */
    public static CopierConfig resolve(CopierConfig config, Integer index) {
        if (index == null) {
            return config;
        }
        if (config.get(RANGE_AFTER) != null || config.get(RANGE_UP_TO) != null) {
            throw new IllegalArgumentException(RANGES_DIR + " and " + RANGE_AFTER + "/" + RANGE_UP_TO
                    + " are both set: a run takes its range from one of them");
        }
        Path dir = Path.of(config.get(RANGES_DIR));
        String after = read(dir.resolve(afterFile(index)), index);
        String upTo = read(dir.resolve(upToFile(index)), index);
        return config.with(RANGE_AFTER, after).with(RANGE_UP_TO, upTo).with(SHARD, String.valueOf(index));
    }

    private static String read(Path file, int index) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new IllegalArgumentException("shard " + index + " has no range: " + file + " is missing in "
                    + RANGES_DIR + " (the plan has fewer ranges than the Job has completions?)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the range file " + file + ": " + e.getMessage());
        }
    }
}
