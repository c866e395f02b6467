package io.s3migration.protocol;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a copier run is told, as plain environment variables (nothing secret: credentials are files in
 * {@link #credentialsDir()}). The operator writes it with {@link #toEnv()}, the copier reads it with
 * {@link #fromEnv(Map)}: the names exist only here.
 */
public record CopierConfig(
        Mode mode,
        Bucket source,
        Bucket destination,
        int concurrency,
        long multipartThreshold,
        long partSize,
        String checkpoint,
        String credentialsDir,
        String terminationLogPath,
        Duration progressInterval) {

    public static final String MODE = "S3M_MODE";
    public static final String SOURCE = "S3M_SOURCE_";
    public static final String DESTINATION = "S3M_DESTINATION_";
    public static final String ENDPOINT = "ENDPOINT";
    public static final String REGION = "REGION";
    public static final String BUCKET = "BUCKET";
    public static final String PREFIX = "PREFIX";
    public static final String PATH_STYLE = "PATH_STYLE";
    public static final String CONCURRENCY = "S3M_CONCURRENCY";
    public static final String MULTIPART_THRESHOLD = "S3M_MULTIPART_THRESHOLD";
    public static final String PART_SIZE = "S3M_PART_SIZE";
    public static final String CHECKPOINT = "S3M_CHECKPOINT";
    public static final String CREDENTIALS_DIR = "S3M_CREDENTIALS_DIR";
    public static final String TERMINATION_LOG = "S3M_TERMINATION_LOG";
    public static final String PROGRESS_INTERVAL_MS = "S3M_PROGRESS_INTERVAL_MS";

    public static final int DEFAULT_CONCURRENCY = 16;
    public static final long MIB = 1024L * 1024;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 64 * MIB;
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    /** S3's smallest part (all parts but the last). */
    public static final long MIN_PART_SIZE = 5 * MIB;
    public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(2);

    public CopierConfig {
        if (mode == null) {
            throw new IllegalArgumentException(MODE + " is required: one of preflight, copy, verify");
        }
        requireBucket(SOURCE, source);
        requireBucket(DESTINATION, destination);
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException(CONCURRENCY + " must be between 1 and 1024, got " + concurrency);
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException(PART_SIZE + " must be at least 5 MiB (" + MIN_PART_SIZE + "), got " + partSize);
        }
        if (multipartThreshold < partSize) {
            throw new IllegalArgumentException(MULTIPART_THRESHOLD + " (" + multipartThreshold
                    + ") must not be smaller than " + PART_SIZE + " (" + partSize + ")");
        }
        checkpoint = checkpoint == null || checkpoint.isEmpty() ? null : checkpoint;
        credentialsDir = credentialsDir == null ? CredentialFiles.DEFAULT_DIR : credentialsDir;
        terminationLogPath = terminationLogPath == null ? DEFAULT_TERMINATION_LOG : terminationLogPath;
        progressInterval = progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : progressInterval;
    }

    /** A config with defaults for everything but the two sides. */
    public static CopierConfig of(Mode mode, Bucket source, Bucket destination) {
        return new CopierConfig(mode, source, destination, DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD,
                DEFAULT_PART_SIZE, null, null, null, null);
    }

    public CopierConfig withCheckpoint(String newCheckpoint) {
        return new CopierConfig(mode, source, destination, concurrency, multipartThreshold, partSize, newCheckpoint,
                credentialsDir, terminationLogPath, progressInterval);
    }

    public CopierConfig withCredentialsDir(String dir) {
        return new CopierConfig(mode, source, destination, concurrency, multipartThreshold, partSize, checkpoint,
                dir, terminationLogPath, progressInterval);
    }

    public CopierConfig withTerminationLogPath(String path) {
        return new CopierConfig(mode, source, destination, concurrency, multipartThreshold, partSize, checkpoint,
                credentialsDir, path, progressInterval);
    }

    public CopierConfig withConcurrency(int newConcurrency) {
        return new CopierConfig(mode, source, destination, newConcurrency, multipartThreshold, partSize, checkpoint,
                credentialsDir, terminationLogPath, progressInterval);
    }

    public CopierConfig withMultipart(long threshold, long newPartSize) {
        return new CopierConfig(mode, source, destination, concurrency, threshold, newPartSize, checkpoint,
                credentialsDir, terminationLogPath, progressInterval);
    }

    public CopierConfig withProgressInterval(Duration interval) {
        return new CopierConfig(mode, source, destination, concurrency, multipartThreshold, partSize, checkpoint,
                credentialsDir, terminationLogPath, interval);
    }

    /** The environment variables that describe this run, in a stable order; empty values are left out. */
    public Map<String, String> toEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(MODE, mode.name().toLowerCase(Locale.ROOT));
        putBucket(env, SOURCE, source);
        putBucket(env, DESTINATION, destination);
        env.put(CONCURRENCY, Integer.toString(concurrency));
        env.put(MULTIPART_THRESHOLD, Long.toString(multipartThreshold));
        env.put(PART_SIZE, Long.toString(partSize));
        putIfPresent(env, CHECKPOINT, checkpoint);
        env.put(CREDENTIALS_DIR, credentialsDir);
        env.put(TERMINATION_LOG, terminationLogPath);
        env.put(PROGRESS_INTERVAL_MS, Long.toString(progressInterval.toMillis()));
        return env;
    }

    /** Reads a run's settings; a missing or malformed value is an {@link IllegalArgumentException} naming it. */
    public static CopierConfig fromEnv(Map<String, String> env) {
        return new CopierConfig(
                parseMode(env.get(MODE)),
                readBucket(env, SOURCE),
                readBucket(env, DESTINATION),
                (int) parseLong(env, CONCURRENCY, DEFAULT_CONCURRENCY),
                parseLong(env, MULTIPART_THRESHOLD, DEFAULT_MULTIPART_THRESHOLD),
                parseLong(env, PART_SIZE, DEFAULT_PART_SIZE),
                env.get(CHECKPOINT),
                blankToNull(env.get(CREDENTIALS_DIR)),
                blankToNull(env.get(TERMINATION_LOG)),
                Duration.ofMillis(parseLong(env, PROGRESS_INTERVAL_MS, DEFAULT_PROGRESS_INTERVAL.toMillis())));
    }

    private static Mode parseMode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + " must be one of preflight, copy, verify, got '" + value + "'");
        }
    }

    private static Bucket readBucket(Map<String, String> env, String side) {
        String bucket = blankToNull(env.get(side + BUCKET));
        if (bucket == null) {
            return null;
        }
        return new Bucket(blankToNull(env.get(side + ENDPOINT)), blankToNull(env.get(side + REGION)), bucket,
                env.get(side + PREFIX), Boolean.parseBoolean(env.getOrDefault(side + PATH_STYLE, "false")));
    }

    private static void requireBucket(String side, Bucket bucket) {
        if (bucket == null || bucket.bucket() == null || bucket.bucket().isBlank()) {
            throw new IllegalArgumentException(side + BUCKET + " is required");
        }
    }

    private static void putBucket(Map<String, String> env, String side, Bucket bucket) {
        putIfPresent(env, side + ENDPOINT, bucket.endpoint());
        putIfPresent(env, side + REGION, bucket.region());
        env.put(side + BUCKET, bucket.bucket());
        putIfPresent(env, side + PREFIX, bucket.prefix());
        env.put(side + PATH_STYLE, Boolean.toString(bucket.pathStyle()));
    }

    private static long parseLong(Map<String, String> env, String name, long defaultValue) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
