package io.s3migration.copier.listing;

import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;

/**
 * Which listed keys of a side are data, pure: for a single-key side only that key ({@code report.pdf}, not
 * {@code report.pdf.sig}, which a prefix listing also returns); and never a key under the run's report prefix when
 * the side is the destination bucket, where the reports are written (a source in the same bucket would otherwise copy
 * the reports of earlier passes, and verify them).
 */
public record KeyFilter(Bucket side, String excludedPrefix) {
    /** Everything the listing returns (prefix listings without a report). */
    public static KeyFilter all(Bucket side) {
        return new KeyFilter(side, null);
    }

    /** The filter for {@code side} of a run with {@code config}. */
    public static KeyFilter of(CopierConfig config, Bucket side) {
        String reports = config.get(CopierSettings.REPORT_PREFIX);
        return new KeyFilter(side, reports != null && side.sameBucketAs(config.destination()) ? reports : null);
    }

    /** Whether the full key {@code key} (as listed, with the prefix) is an object of this side. */
    public boolean accepts(String key) {
        return (!side.exactKey() || key.equals(side.prefix())) && (excludedPrefix == null || !key.startsWith(excludedPrefix));
    }
}
