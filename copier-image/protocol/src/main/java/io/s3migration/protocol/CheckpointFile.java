package io.s3migration.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import static io.s3migration.protocol.CopierSettings.CHECKPOINT;

/**
 * The newest checkpoint the operator has seen, as files a copy pod reads when it starts: a ConfigMap the operator
 * keeps up to date, mounted into the copy Job's pods. The Job's own {@link CopierSettings#CHECKPOINT} is fixed when
 * the Job is created, so a pod the Job controller starts again after a lost pod (node drain, {@code kubectl delete
 * pod}) would otherwise list everything since that first checkpoint again and count its progress backwards.
 */
public final class CheckpointFile {
    /** The directory holding {@link #LAST_KEY} and {@link #COUNTS}; absent or empty files mean "no newer checkpoint". */
    public static final String DIRECTORY_ENV = "S3M_CHECKPOINT_DIR";
    public static final String LAST_KEY = "lastKey";
    public static final String COUNTS = "counts";

    private CheckpointFile() {
    }

    /**
     * {@code config} resumed from the checkpoint in {@code directory} when that one lies after the configured one
     * (never before: the files may lag behind a checkpoint handed on when the Job was created).
     */
    public static CopierConfig resume(CopierConfig config, Path directory) {
        return resume(config, directory, null);
    }

    /**
     * As {@link #resume(CopierConfig, Path)} for shard {@code shard} of an Indexed Job (null: a single run): its files
     * are {@code <shard>.lastKey} and {@code <shard>.counts}, one pair per shard in the one ConfigMap. A key outside
     * the run's range (another shard's) is ignored.
     */
    public static CopierConfig resume(CopierConfig config, Path directory, Integer shard) {
        String prefix = shard == null ? "" : shard + ".";
        Optional<String> key = read(directory.resolve(prefix + LAST_KEY));
        if (key.isEmpty() || config.mode() != Mode.COPY || !config.source().holds(key.get())
                || !KeyRange.of(config).holds(key.get())) {
            return config;
        }
        if (config.get(CHECKPOINT) != null && KeyOrder.INSTANCE.compare(key.get(), config.get(CHECKPOINT)) <= 0) {
            return config;
        }
        Path countsFile = directory.resolve(prefix + COUNTS);
        CheckpointCounts counts = read(countsFile)
                .map(text -> CheckpointCounts.parse(countsFile.toString(), text))
                .orElse(CheckpointCounts.NONE);
        return config.withCheckpoint(key.get(), counts);
    }

    private static Optional<String> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the checkpoint file " + file + ": " + e.getMessage());
        }
    }
}
