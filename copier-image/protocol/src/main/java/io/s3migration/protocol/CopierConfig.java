package io.s3migration.protocol;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

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
        Duration progressInterval,
        long bandwidthLimit,
        VerifyLevel verify,
        ArchivedObjectPolicy onArchivedObject,
        boolean preserveMetadata,
        String storageClass,
        List<String> allowedAddresses,
        CheckpointCounts checkpointCounts,
        List<String> allowedHosts,
        List<String> blockedAddresses) {

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
    /** With {@link #CHECKPOINT}: what the runs before it counted (see {@link CheckpointCounts}). */
    public static final String CHECKPOINT_COUNTS = "S3M_CHECKPOINT_COUNTS";
    public static final String CREDENTIALS_DIR = "S3M_CREDENTIALS_DIR";
    public static final String TERMINATION_LOG = "S3M_TERMINATION_LOG";
    public static final String PROGRESS_INTERVAL_MS = "S3M_PROGRESS_INTERVAL_MS";
    /** Bytes per second for the whole run (all workers together); 0 or absent = unlimited. */
    public static final String BANDWIDTH_LIMIT = "S3M_BANDWIDTH_LIMIT";
    /** {@code checksum} (default) or {@code size}: see {@link VerifyLevel}. */
    public static final String VERIFY = "S3M_VERIFY";
    /** {@code fail} (default) or {@code skip}: see {@link ArchivedObjectPolicy}. */
    public static final String ON_ARCHIVED_OBJECT = "S3M_ON_ARCHIVED_OBJECT";
    /** {@code true} (default): copy cache-control, content-disposition/-encoding/-language, expires, user metadata. */
    public static final String PRESERVE_METADATA = "S3M_PRESERVE_METADATA";
    /** Storage class for written objects; absent = the destination's default. */
    public static final String STORAGE_CLASS = "S3M_STORAGE_CLASS";
    /**
     * Comma-separated CIDRs (or single IPs) the copier may connect to even though they are loopback, private,
     * link-local or CGNAT (the platform's own storage), for the hosts in {@link #ALLOWED_HOSTS} only; everything
     * else in those ranges is refused.
     */
    public static final String ALLOWED_ADDRESSES = "S3M_ALLOWED_ADDRESSES";
    /**
     * Comma-separated endpoint hosts (the operator's allowlisted endpoints of this run) that may resolve into
     * {@link #ALLOWED_ADDRESSES}, with their subdomains (virtual-hosted buckets): any other host resolving there,
     * say after passing admission with a public address, is refused.
     */
    public static final String ALLOWED_HOSTS = "S3M_ALLOWED_HOSTS";
    /** Comma-separated CIDRs refused on top of the built-in ranges: the cluster's service and pod networks. */
    public static final String BLOCKED_ADDRESSES = "S3M_BLOCKED_ADDRESSES";

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
        checkpointCounts = checkpointCounts == null ? CheckpointCounts.NONE : checkpointCounts;
        if (checkpoint != null && !checkpoint.startsWith(source.prefix())) {
            // A resume from it would start over while carrying the counts of the earlier runs: everything counted twice.
            throw new IllegalArgumentException(CHECKPOINT + " '" + checkpoint + "' is not under the source prefix '"
                    + source.prefix() + "': a checkpoint is the last source key a run finished; leave it out to start over");
        }
        if (checkpoint == null && !checkpointCounts.equals(CheckpointCounts.NONE)) {
            throw new IllegalArgumentException(CHECKPOINT_COUNTS + " is set without " + CHECKPOINT
                    + ": counts carry over only to a run that resumes from a checkpoint");
        }
        credentialsDir = credentialsDir == null ? CredentialFiles.DEFAULT_DIR : credentialsDir;
        terminationLogPath = terminationLogPath == null ? DEFAULT_TERMINATION_LOG : terminationLogPath;
        progressInterval = progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : progressInterval;
        if (bandwidthLimit < 0) {
            throw new IllegalArgumentException(BANDWIDTH_LIMIT + " must not be negative, got " + bandwidthLimit);
        }
        verify = verify == null ? VerifyLevel.CHECKSUM : verify;
        onArchivedObject = onArchivedObject == null ? ArchivedObjectPolicy.FAIL : onArchivedObject;
        storageClass = storageClass == null || storageClass.isBlank() ? null : storageClass.trim();
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        blockedAddresses = blockedAddresses == null ? List.of() : List.copyOf(blockedAddresses);
        if (!allowedAddresses.isEmpty() && allowedHosts.isEmpty()) {
            // A private range open to every host would let any endpoint that resolves there in (DNS rebinding).
            throw new IllegalArgumentException(ALLOWED_ADDRESSES + " is set without " + ALLOWED_HOSTS
                    + ": name the endpoint hosts that may resolve into it");
        }
    }

    /** A config with defaults for everything but the two sides. */
    public static CopierConfig of(Mode mode, Bucket source, Bucket destination) {
        return new CopierConfig(mode, source, destination, DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD,
                DEFAULT_PART_SIZE, null, null, null, null, 0, null, null, true, null, null, null, null, null);
    }

    public CopierConfig withMode(Mode newMode) {
        return edit(f -> f.mode = newMode);
    }

    public CopierConfig withSource(Bucket newSource) {
        return edit(f -> f.source = newSource);
    }

    public CopierConfig withDestination(Bucket newDestination) {
        return edit(f -> f.destination = newDestination);
    }

    public CopierConfig withCheckpoint(String newCheckpoint) {
        return withCheckpoint(newCheckpoint, CheckpointCounts.NONE);
    }

    /** Resume after {@code key}, counting on from {@code counts} (what the runs before it did). */
    public CopierConfig withCheckpoint(String key, CheckpointCounts counts) {
        return edit(f -> {
            f.checkpoint = key;
            f.checkpointCounts = counts;
        });
    }

    public CopierConfig withCredentialsDir(String dir) {
        return edit(f -> f.credentialsDir = dir);
    }

    public CopierConfig withTerminationLogPath(String path) {
        return edit(f -> f.terminationLogPath = path);
    }

    public CopierConfig withConcurrency(int newConcurrency) {
        return edit(f -> f.concurrency = newConcurrency);
    }

    public CopierConfig withMultipart(long threshold, long newPartSize) {
        return edit(f -> {
            f.multipartThreshold = threshold;
            f.partSize = newPartSize;
        });
    }

    public CopierConfig withProgressInterval(Duration interval) {
        return edit(f -> f.progressInterval = interval);
    }

    /** Bytes per second for the whole run; 0 = unlimited. */
    public CopierConfig withBandwidthLimit(long bytesPerSecond) {
        return edit(f -> f.bandwidthLimit = bytesPerSecond);
    }

    public CopierConfig withVerify(VerifyLevel level) {
        return edit(f -> f.verify = level);
    }

    public CopierConfig withOnArchivedObject(ArchivedObjectPolicy policy) {
        return edit(f -> f.onArchivedObject = policy);
    }

    public CopierConfig withPreserveMetadata(boolean preserve) {
        return edit(f -> f.preserveMetadata = preserve);
    }

    public CopierConfig withStorageClass(String newStorageClass) {
        return edit(f -> f.storageClass = newStorageClass);
    }

    /** CIDRs the copier may reach although private/loopback/link-local/CGNAT, for {@code hosts} (and subdomains) only. */
    public CopierConfig withAllowedAddresses(List<String> cidrs, List<String> hosts) {
        return edit(f -> {
            f.allowedAddresses = cidrs;
            f.allowedHosts = hosts;
        });
    }

    /** CIDRs refused on top of the built-in ranges (the cluster's networks). */
    public CopierConfig withBlockedAddresses(List<String> cidrs) {
        return edit(f -> f.blockedAddresses = cidrs);
    }

    /** A copy with {@code change} applied to its components; the constructor validates the result. */
    private CopierConfig edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The components, mutable: what the withers change before the one constructor call. */
    private static final class Fields {
        Mode mode;
        Bucket source;
        Bucket destination;
        int concurrency;
        long multipartThreshold;
        long partSize;
        String checkpoint;
        String credentialsDir;
        String terminationLogPath;
        Duration progressInterval;
        long bandwidthLimit;
        VerifyLevel verify;
        ArchivedObjectPolicy onArchivedObject;
        boolean preserveMetadata;
        String storageClass;
        List<String> allowedAddresses;
        CheckpointCounts checkpointCounts;
        List<String> allowedHosts;
        List<String> blockedAddresses;

        Fields(CopierConfig c) {
            mode = c.mode;
            source = c.source;
            destination = c.destination;
            concurrency = c.concurrency;
            multipartThreshold = c.multipartThreshold;
            partSize = c.partSize;
            checkpoint = c.checkpoint;
            credentialsDir = c.credentialsDir;
            terminationLogPath = c.terminationLogPath;
            progressInterval = c.progressInterval;
            bandwidthLimit = c.bandwidthLimit;
            verify = c.verify;
            onArchivedObject = c.onArchivedObject;
            preserveMetadata = c.preserveMetadata;
            storageClass = c.storageClass;
            allowedAddresses = c.allowedAddresses;
            checkpointCounts = c.checkpointCounts;
            allowedHosts = c.allowedHosts;
            blockedAddresses = c.blockedAddresses;
        }

        CopierConfig build() {
            return new CopierConfig(mode, source, destination, concurrency, multipartThreshold, partSize, checkpoint, credentialsDir, terminationLogPath, progressInterval, bandwidthLimit, verify, onArchivedObject, preserveMetadata, storageClass, allowedAddresses, checkpointCounts, allowedHosts, blockedAddresses);
        }
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
        if (!checkpointCounts.equals(CheckpointCounts.NONE)) {
            env.put(CHECKPOINT_COUNTS, checkpointCounts.toString());
        }
        env.put(CREDENTIALS_DIR, credentialsDir);
        env.put(TERMINATION_LOG, terminationLogPath);
        env.put(PROGRESS_INTERVAL_MS, Long.toString(progressInterval.toMillis()));
        if (bandwidthLimit > 0) {
            env.put(BANDWIDTH_LIMIT, Long.toString(bandwidthLimit));
        }
        env.put(VERIFY, verify.name().toLowerCase(Locale.ROOT));
        env.put(ON_ARCHIVED_OBJECT, onArchivedObject.name().toLowerCase(Locale.ROOT));
        env.put(PRESERVE_METADATA, Boolean.toString(preserveMetadata));
        putIfPresent(env, STORAGE_CLASS, storageClass);
        putIfPresent(env, ALLOWED_ADDRESSES, String.join(",", allowedAddresses));
        putIfPresent(env, ALLOWED_HOSTS, String.join(",", allowedHosts));
        putIfPresent(env, BLOCKED_ADDRESSES, String.join(",", blockedAddresses));
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
                Duration.ofMillis(parseLong(env, PROGRESS_INTERVAL_MS, DEFAULT_PROGRESS_INTERVAL.toMillis())),
                parseLong(env, BANDWIDTH_LIMIT, 0),
                parseEnum(env, VERIFY, VerifyLevel.class),
                parseEnum(env, ON_ARCHIVED_OBJECT, ArchivedObjectPolicy.class),
                parseBoolean(env, PRESERVE_METADATA, true),
                env.get(STORAGE_CLASS),
                parseList(env.get(ALLOWED_ADDRESSES)),
                blankToNull(env.get(CHECKPOINT_COUNTS)) == null ? null
                        : CheckpointCounts.parse(CHECKPOINT_COUNTS, env.get(CHECKPOINT_COUNTS)),
                parseList(env.get(ALLOWED_HOSTS)),
                parseList(env.get(BLOCKED_ADDRESSES)));
    }

    private static <E extends Enum<E>> E parseEnum(Map<String, String> env, String name, Class<E> type) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + value + "'");
        }
    }

    private static boolean parseBoolean(Map<String, String> env, String name, boolean defaultValue) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    private static List<String> parseList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
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
