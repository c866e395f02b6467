package io.s3migration.copier.report;

import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import io.s3migration.copier.errors.Retry;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A run's JSON Lines report ({@code S3M_REPORT_PREFIX}): a {@code run} line, an {@code object} line for every key that
 * failed or differs, and the summary last. Lines are spooled to a temporary file while the run goes on (memory does
 * not grow with the number of keys) and uploaded to the destination bucket at the end, also after a fatal error; a
 * report that cannot be written is noted in the summary's message and changes nothing else. Each run (copy, verify)
 * writes its own file, {@code <prefix><migration>/<pass>-<utc>.jsonl}, {@code utc} being when the run started. Keys
 * and texts are scrubbed as on stdout.
 */
public final class RunReport implements AutoCloseable {
    /** A run without a report: every call does nothing. */
    public static final RunReport NONE = new RunReport(null, null, null, null);
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String key;
    private final String bucket;
    private final Path spool;
    private final Scrubber scrubber;
    private BufferedWriter writer;
    private IOException spoolError;

    private RunReport(String key, String bucket, Path spool, Scrubber scrubber) {
        this.key = key;
        this.bucket = bucket;
        this.spool = spool;
        this.scrubber = scrubber;
    }

    /** The report's key: {@code <prefix><migration>/<pass>-<utc>.jsonl}. */
    public static String key(String prefix, String migration, int pass, Instant started, String shard) {
        return prefix + migration + "/" + pass + "-" + UTC.format(started) + (shard == null ? "" : "-shard" + shard) + ".jsonl";
    }

    /** The report of a copy or verify run whose config names a report prefix; {@link #NONE} otherwise. */
    public static RunReport open(CopierConfig config, Scrubber scrubber, Instant started) {
        String prefix = config.get(CopierSettings.REPORT_PREFIX);
        if (prefix == null || config.mode() == Mode.PREFLIGHT) {
            return NONE;
        }
        String key = key(prefix, config.get(CopierSettings.MIGRATION), config.get(CopierSettings.PASS), started,
                config.get(CopierSettings.SHARD));
        RunReport report;
        try {
            report = new RunReport(key, config.destination().bucket(), Files.createTempFile("s3migration-report-", ".jsonl"), scrubber);
            report.writer = Files.newBufferedWriter(report.spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report's spool file in " + System.getProperty("java.io.tmpdir"), e);
        }
        Instant passStarted = config.get(CopierSettings.PASS_STARTED);
        report.line(new ReportLine.Run(ReportLine.Run.TYPE, config.get(CopierSettings.MIGRATION), config.get(CopierSettings.PASS),
                config.mode().name().toLowerCase(Locale.ROOT), scrubber.scrubKnown(config.source().location()),
                scrubber.scrubKnown(config.destination().location()), started.toString(),
                passStarted == null ? null : passStarted.toString()));
        return report;
    }

    /** A key that failed or differs, and why (called from many workers). */
    public void object(String sourceKey, ReportLine.Outcome outcome, String detail) {
        if (spool != null) {
            line(new ReportLine.ObjectLine(scrubber.scrubKnown(sourceKey), outcome, scrubber.scrub(detail)));
        }
    }

    /**
     * Ends the report with the (scrubbed) summary and uploads it to the destination; returns the summary naming the
     * report's key, or with a note that it could not be written.
     */
    public Summary publish(Summary summary, Supplier<S3Client> destination) {
        if (spool == null) {
            return summary;
        }
        Summary named = summary.withReportKey(key);
        line(scrubber.scrub(named));
        closeWriter();
        if (spoolError != null) {
            return unwritten(summary, "the spool file failed: " + spoolError.getMessage());
        }
        try {
            Retry.DEFAULT.run(() -> SideFailure.on(Side.DESTINATION, () -> destination.get().putObject(PutObjectRequest.builder()
                    .bucket(bucket).key(key).contentType("application/x-ndjson").build(), RequestBody.fromFile(spool))));
            return named;
        } catch (RuntimeException e) {
            return unwritten(summary, ErrorClassifier.classify(e).detail());
        } finally {
            deleteSpool();
        }
    }

    private Summary unwritten(Summary summary, String why) {
        deleteSpool();
        return summary.withMessage(summary.message() + "; the report could not be written to s3://" + bucket + "/" + key + ": " + why);
    }

    private synchronized void line(Object line) {
        if (writer == null || spoolError != null) {
            return;
        }
        try {
            writer.write(ProtocolJson.write(line));
            writer.write('\n');
        } catch (IOException e) {
            spoolError = e; // a full tmp: the run goes on, the summary says the report is missing
        }
    }

    /** Closes the spool and deletes it (published or not: a run stopped before its end leaves no file behind). */
    @Override
    public void close() {
        closeWriter();
        if (spool != null) {
            deleteSpool();
        }
    }

    private synchronized void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                spoolError = spoolError == null ? e : spoolError;
            }
            writer = null;
        }
    }

    private void deleteSpool() {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException ignored) {
            // a temp file of a pod that ends now
        }
    }
}
