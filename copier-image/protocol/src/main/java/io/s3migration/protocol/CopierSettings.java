package io.s3migration.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every setting of a copier run, each defined once: its environment variable, default and what it accepts.
 * Adding an option is one line here (and one in {@link #ALL}); {@link CopierConfig} holds the values and
 * {@link CopierEnv} writes and reads them. Nothing here is secret: credentials are files in {@link #CREDENTIALS_DIR}.
 */
public final class CopierSettings {
    public static final long MIB = 1024L * 1024;
    /** S3's smallest part (all parts but the last). */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** S3's largest single PUT. */
    public static final long MAX_PUT_SIZE = 5 * 1024 * MIB;
    /** A constant for annotations (the CRD's default); {@link #CONCURRENCY} has it as its default. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** {@link #MAX_FAILURES}: its default and its largest value. */
    public static final int DEFAULT_MAX_FAILURES = 20;
    public static final int MAX_FAILURES_LIMIT = 1000;
    public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

    // source and destination: S3M_SOURCE_ENDPOINT, _REGION, _BUCKET, _PREFIX, _PATH_STYLE; likewise S3M_DESTINATION_
    public static final SideSetting SOURCE = new SideSetting("S3M_SOURCE_");
    public static final SideSetting DESTINATION = new SideSetting("S3M_DESTINATION_");

    // the run
    public static final Setting<Mode> MODE = Setting.choice("S3M_MODE", Mode.class, null);
    public static final Setting<Integer> CONCURRENCY = Setting.count("S3M_CONCURRENCY", DEFAULT_CONCURRENCY, 1, 1024);
    /** Objects at or above it go multipart; not below {@link #PART_SIZE} (see {@link CopierConfig}). */
    public static final Setting<Long> MULTIPART_THRESHOLD = Setting.number("S3M_MULTIPART_THRESHOLD", 64 * MIB);
    public static final Setting<Long> PART_SIZE = Setting.number("S3M_PART_SIZE", 16 * MIB,
            v -> v >= MIN_PART_SIZE, v -> "must be at least 5 MiB (" + MIN_PART_SIZE + "), got " + v, true);
    /**
     * Objects at or above {@link #MULTIPART_THRESHOLD} whose source ETag is a plain MD5 still go as one PUT up to this
     * size: its Content-MD5 (the source's ETag) lets the destination check every byte end to end, with no hashing in
     * the copier; parts are checked part by part instead, by the destination's CRC32C where it checks one, else by
     * an MD5 the copier hashes. 0: every object at or above the threshold goes in parts. At most 5 GiB, S3's largest
     * PUT. Left out of a Job's environment at its default.
     */
    public static final Setting<Long> SINGLE_PUT_MAX = Setting.number("S3M_SINGLE_PUT_MAX", 1024 * MIB,
            v -> v >= 0 && v <= MAX_PUT_SIZE, v -> "must be between 0 and 5 GiB (" + MAX_PUT_SIZE + "), got " + v, false);
    /** Bytes per second for the whole run (all workers together); 0 = unlimited. */
    public static final Setting<Long> BANDWIDTH_LIMIT = Setting.number("S3M_BANDWIDTH_LIMIT", 0,
            v -> v >= 0, v -> "must not be negative, got " + v, false);
    /** {@code checksum} (default) or {@code size}: see {@link VerifyLevel}. */
    public static final Setting<VerifyLevel> VERIFY = Setting.choice("S3M_VERIFY", VerifyLevel.class, VerifyLevel.CHECKSUM);
    /** {@code fail} (default) or {@code skip}: see {@link ArchivedObjectPolicy}. */
    public static final Setting<ArchivedObjectPolicy> ON_ARCHIVED_OBJECT = Setting.choice("S3M_ON_ARCHIVED_OBJECT",
            ArchivedObjectPolicy.class, ArchivedObjectPolicy.FAIL);
    /** {@code true} (default): copy cache-control, content-disposition/-encoding/-language, expires, user metadata. */
    public static final Setting<Boolean> PRESERVE_METADATA = Setting.flag("S3M_PRESERVE_METADATA", true);
    /** Storage class for written objects; absent = the destination's default. */
    public static final Setting<String> STORAGE_CLASS = Setting.text("S3M_STORAGE_CLASS", null,
            v -> v.isBlank() ? null : v.trim());

    /**
     * Failed objects (a verify run: differences) a summary names at most; every failure is still counted and printed
     * as an {@code objectFailed} line. The operator passes its {@code progress.maxFailures}. Bounded: the summary
     * is a log line and a status field.
     */
    public static final Setting<Integer> MAX_FAILURES = Setting.count("S3M_MAX_FAILURES", DEFAULT_MAX_FAILURES, 0, MAX_FAILURES_LIMIT);

    // resume
    /** The last source key an earlier run finished (its {@code lastKey}); a copy resumes after it. */
    public static final Setting<String> CHECKPOINT = Setting.text("S3M_CHECKPOINT", null, v -> v.isEmpty() ? null : v);
    /** With {@link #CHECKPOINT}: what the runs before it counted (see {@link CheckpointCounts}). */
    public static final Setting<CheckpointCounts> CHECKPOINT_COUNTS = Setting.counts("S3M_CHECKPOINT_COUNTS");

    // scale-out (issue 18): a shard copies or verifies one key range; plan mode cuts the ranges
    /** A shard's range starts after this source key (exclusive; absent: from the first key). Full key, as a checkpoint. */
    public static final Setting<String> RANGE_AFTER = Setting.text("S3M_RANGE_AFTER", null, v -> v.isEmpty() ? null : v);
    /** A shard's range ends with this source key (inclusive; absent: to the last key, including keys added later). */
    public static final Setting<String> RANGE_UP_TO = Setting.text("S3M_RANGE_UP_TO", null, v -> v.isEmpty() ? null : v);
    /**
     * A shard of an Indexed Job: the directory of the plan's ranges (the operator's {@code <name>-ranges} ConfigMap),
     * files {@code <index>.after} and {@code <index>.upTo}; the run takes those of its {@link ShardFiles#INDEX_ENV}
     * as {@link #RANGE_AFTER}/{@link #RANGE_UP_TO} ({@link ShardFiles}). Absent: a single run.
     */
    public static final Setting<String> RANGES_DIR = Setting.text("S3M_RANGES_DIR", null, v -> v.isBlank() ? null : v.trim());
    /**
     * A shard's index, set from {@link ShardFiles#INDEX_ENV} with {@link #RANGES_DIR} ({@link ShardFiles}): in its
     * report's name, so the shards of one pass never write one key. Absent: a single run.
     */
    public static final Setting<String> SHARD = Setting.text("S3M_SHARD", null, v -> v.isBlank() ? null : v.trim());
    /** Plan mode: how many ranges to cut. Left out of a Job's environment at its default. */
    public static final Setting<Integer> SHARDS = Setting.count("S3M_SHARDS", 1, 1, 64, false);
    /** Plan mode: the most list requests the sampling may make. Left out of a Job's environment at its default. */
    public static final Setting<Integer> PLAN_REQUESTS = Setting.count("S3M_PLAN_REQUESTS", 100, 2, 10_000, false);

    // the pass and its report
    /** The MigrationJob's name: the report's folder. Required with {@link #REPORT_PREFIX}. */
    public static final Setting<String> MIGRATION = Setting.text("S3M_MIGRATION", null, v -> v.isBlank() ? null : v.trim());
    /** The pass this run belongs to (1 for the first): in the report's name. */
    public static final Setting<Integer> PASS = Setting.count("S3M_PASS", 1, 1, Integer.MAX_VALUE);
    /**
     * When the pass started (RFC 3339). A verify run reports a source object modified at or after it apart from the
     * true differences: it was written while the pass ran, so a later pass copies it. Absent: every difference is one.
     */
    public static final Setting<Instant> PASS_STARTED = Setting.instant("S3M_PASS_STARTED");
    /**
     * Where in the destination bucket the run writes its JSON Lines report ({@code <prefix><migration>/<pass>-<utc>.jsonl},
     * a shard's {@code <pass>-<utc>-shard<index>.jsonl}):
     * every failed, missing or mismatched key with its reason, and a summary line. Keys under it are never copied or
     * verified as data. Absent: no report.
     */
    public static final Setting<String> REPORT_PREFIX = Setting.text("S3M_REPORT_PREFIX", null, v -> v.isBlank() ? null : v.trim());

    // the pod
    public static final Setting<String> CREDENTIALS_DIR = Setting.text("S3M_CREDENTIALS_DIR", CredentialFiles.DEFAULT_DIR,
            v -> v.isBlank() ? CredentialFiles.DEFAULT_DIR : v);
    public static final Setting<String> TERMINATION_LOG = Setting.text("S3M_TERMINATION_LOG", DEFAULT_TERMINATION_LOG,
            v -> v.isBlank() ? DEFAULT_TERMINATION_LOG : v);
    public static final Setting<Duration> PROGRESS_INTERVAL = Setting.millis("S3M_PROGRESS_INTERVAL_MS", Duration.ofSeconds(2));
    /**
     * {@code auto} (default: a human progress line on a terminal, JSON lines otherwise, as in a pod), {@code human}
     * or {@code json}; see {@link ProgressFormat}. Left out of a Job's environment at its default.
     */
    public static final Setting<ProgressFormat> PROGRESS = Setting.choice("S3M_PROGRESS", ProgressFormat.class,
            ProgressFormat.AUTO, false);

    // trust
    /**
     * A PEM file of CA certificates the copier trusts for https in addition to the JVM's default ones (a platform's
     * own MinIO or Ceph with a private CA); read and checked when the run starts. Absent: the default trust only.
     */
    public static final Setting<String> CA_BUNDLE = Setting.text("S3M_CA_BUNDLE", null, v -> v.isBlank() ? null : v.trim());

    // the address guard
    /**
     * CIDRs (or single IPs) the copier may connect to even though they are loopback, private, link-local or CGNAT
     * (the platform's own storage), for the hosts in {@link #ALLOWED_HOSTS} only; everything else there is refused.
     */
    public static final Setting<List<String>> ALLOWED_ADDRESSES = Setting.list("S3M_ALLOWED_ADDRESSES");
    /**
     * Endpoint hosts (the operator's allowlisted endpoints of this run) that may resolve into
     * {@link #ALLOWED_ADDRESSES}, with their subdomains (virtual-hosted buckets): any other host resolving there,
     * say after passing admission with a public address, is refused.
     */
    public static final Setting<List<String>> ALLOWED_HOSTS = Setting.list("S3M_ALLOWED_HOSTS");
    /** CIDRs refused on top of the built-in ranges: the cluster's service and pod networks. */
    public static final Setting<List<String>> BLOCKED_ADDRESSES = Setting.list("S3M_BLOCKED_ADDRESSES");

    /** All of them, in the order they are checked and written (as it always was: a Job's env reads the same). */
    public static final List<Setting<?>> ALL = List.of(MODE, SOURCE, DESTINATION, CONCURRENCY, MULTIPART_THRESHOLD,
            PART_SIZE, SINGLE_PUT_MAX, CHECKPOINT, CHECKPOINT_COUNTS, CREDENTIALS_DIR, TERMINATION_LOG, PROGRESS_INTERVAL,
            BANDWIDTH_LIMIT, VERIFY, ON_ARCHIVED_OBJECT, PRESERVE_METADATA, STORAGE_CLASS, ALLOWED_ADDRESSES,
            ALLOWED_HOSTS, BLOCKED_ADDRESSES, PROGRESS, CA_BUNDLE, MAX_FAILURES, MIGRATION, PASS, PASS_STARTED, REPORT_PREFIX,
            RANGE_AFTER, RANGE_UP_TO, SHARDS, PLAN_REQUESTS, RANGES_DIR, SHARD);

    private CopierSettings() {
    }
}
