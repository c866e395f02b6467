package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Quantity;
import io.s3migration.operator.api.Options;
import io.s3migration.protocol.ArchivedObjectPolicy;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.VerifyLevel;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A MigrationJob's spec turned into the copier's inputs (pure): the resolved endpoints, the run's mode and checkpoint,
 * and each option in the form the protocol takes (an enum from its CRD spelling, a quantity in bytes). Unset options
 * stay unset, so the copier's defaults apply.
 */
public final class CopierInputs {
    private CopierInputs() {
    }

    /**
     * The pass's part of a run's settings: the migration and pass (the report's name), when the pass started (a verify
     * run counts source objects written after it apart) and the report prefix ({@code spec.report}), if any.
     */
    public static CopierConfig forPass(CopierConfig copier, String migration, int pass, String passStartTime, String reportPrefix) {
        Instant started = null;
        try {
            started = passStartTime == null ? null : Instant.parse(passStartTime);
        } catch (DateTimeParseException unreadable) {
            // a hand-edited status: every difference then counts as a true one
        }
        return copier.with(CopierSettings.MIGRATION, migration).with(CopierSettings.PASS, pass)
                .with(CopierSettings.PASS_STARTED, started)
                .with(CopierSettings.REPORT_PREFIX, reportPrefix == null || reportPrefix.isBlank() ? null : reportPrefix);
    }

    public static CopierConfig of(Options options, Mode mode, Bucket source, Bucket destination, String checkpoint,
                                  CheckpointCounts countsBefore) {
        return of(options, mode, source, destination, checkpoint, countsBefore, 1);
    }

    /**
     * The inputs of one of {@code shards} copier pods: concurrency and bandwidthLimit are the whole migration's, so each
     * pod gets its {@link #share}; unset concurrency is the copier's default, shared the same way.
     */
    public static CopierConfig of(Options options, Mode mode, Bucket source, Bucket destination, String checkpoint,
                                  CheckpointCounts countsBefore, int shards) {
        CopierConfig copier = CopierConfig.of(mode, source, destination).withCheckpoint(checkpoint, countsBefore);
        if (shards > 1) {
            Integer concurrency = options == null ? null : options.concurrency();
            copier = copier.with(CopierSettings.CONCURRENCY,
                    (int) share(concurrency == null ? CopierSettings.DEFAULT_CONCURRENCY : concurrency, shards));
        }
        if (options == null) {
            return copier;
        }
        if (options.concurrency() != null && shards == 1) {
            copier = copier.with(CopierSettings.CONCURRENCY, options.concurrency());
        }
        if (options.bandwidthLimit() != null && !options.bandwidthLimit().isBlank()) {
            long limit = Quantity.getAmountInBytes(new Quantity(options.bandwidthLimit())).longValue();
            // 0 is "unlimited" to the copier: it stays 0, never becomes a share of 1 byte per second.
            copier = copier.with(CopierSettings.BANDWIDTH_LIMIT, limit == 0 ? 0 : share(limit, shards));
        }
        if (options.verify() != null) {
            copier = copier.with(CopierSettings.VERIFY, VerifyLevel.valueOf(options.verify().toUpperCase(Locale.ROOT)));
        }
        if (options.onArchivedObject() != null) {
            copier = copier.with(CopierSettings.ON_ARCHIVED_OBJECT, ArchivedObjectPolicy.valueOf(options.onArchivedObject().toUpperCase(Locale.ROOT)));
        }
        if (options.preserveMetadata() != null) {
            copier = copier.with(CopierSettings.PRESERVE_METADATA, options.preserveMetadata());
        }
        if (options.storageClass() != null && !options.storageClass().isBlank()) {
            copier = copier.with(CopierSettings.STORAGE_CLASS, options.storageClass());
        }
        return copier;
    }

    /**
     * One shard's part of a whole-migration budget: rounded down, so the shards together never exceed it, and at least
     * 1 (64 shards of concurrency 16 run 64 transfers, not 0).
     */
    public static long share(long total, int shards) {
        return Math.max(1, total / shards);
    }
}
