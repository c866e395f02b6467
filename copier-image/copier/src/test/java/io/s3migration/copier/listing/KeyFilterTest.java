package io.s3migration.copier.listing;

import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFilterTest {
    static final Bucket SRC = new Bucket("https://old.example", "eu-1", "photos", "data/", true);
    static final Bucket DST = new Bucket("https://new.example", "eu-1", "photos", "copy/", true);

    @Test
    void aSingleKeyAcceptsThatKeyOnlyNotTheKeysItPrefixes() {
        KeyFilter one = KeyFilter.all(SRC.withExactKey("report.pdf"));
        assertTrue(one.accepts("report.pdf"));
        assertFalse(one.accepts("report.pdf.sig"));
        assertFalse(one.accepts("report.pd"));
        assertTrue(KeyFilter.all(SRC).accepts("data/report.pdf.sig"), "a prefix listing takes everything under it");
    }

    @Test
    void reportsAreLeftOutOfEveryListingOfTheDestinationBucket() {
        Bucket sameBucketSource = new Bucket(DST.endpoint(), DST.region(), DST.bucket(), "data/", true);
        CopierConfig config = CopierConfig.of(Mode.COPY, sameBucketSource, DST).with(CopierSettings.MIGRATION, "m")
                .with(CopierSettings.REPORT_PREFIX, "data/_reports/");
        KeyFilter source = KeyFilter.of(config, config.source());
        assertFalse(source.accepts("data/_reports/m/1-20260130T142501.000Z.jsonl"));
        assertTrue(source.accepts("data/a.jpg"));
        assertFalse(KeyFilter.of(config, config.destination()).accepts("data/_reports/x"));
    }

    @Test
    void anotherBucketOrNoReportExcludesNothing() {
        CopierConfig config = CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.MIGRATION, "m")
                .with(CopierSettings.REPORT_PREFIX, "data/_reports/");
        assertNull(KeyFilter.of(config, config.source()).excludedPrefix(), "another endpoint: the reports are not there");
        assertTrue(KeyFilter.of(config, config.source()).accepts("data/_reports/x"));
        assertNull(KeyFilter.of(CopierConfig.of(Mode.COPY, SRC, DST), DST).excludedPrefix());
    }
}
