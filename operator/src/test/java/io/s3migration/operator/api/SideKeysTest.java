package io.s3migration.operator.api;

import io.s3migration.protocol.Bucket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: which keys each side names: a single key, its default destination key, the default destination prefix. */
class SideKeysTest {
    static final SecretRef REF = new SecretRef("s", null, null);

    static BucketSpec side(String prefix, String key) {
        return new BucketSpec(null, "https://s3.example.com", "eu-1", "b", prefix, key, false, REF);
    }

    static MigrationJobSpec spec(BucketSpec source, BucketSpec destination) {
        return new MigrationJobSpec(source, destination, null);
    }

    @Test
    void aSourceKeyIsOneExactObjectWrittenToTheSameKeyByDefault() {
        MigrationJobSpec one = spec(side(null, "2025/report.pdf"), side(null, null));
        Bucket source = one.source().toBucket();
        Bucket destination = one.destinationWithDefaults().toBucket();
        assertTrue(source.exactKey());
        assertEquals("2025/report.pdf", source.prefix());
        assertTrue(destination.exactKey());
        assertEquals("2025/report.pdf", destination.prefix());
        assertFalse(source.holds("2025/report.pdf.sig"));
    }

    @Test
    void aDestinationKeyNamesWhereTheObjectGoes() {
        Bucket destination = spec(side(null, "2025/report.pdf"), side(null, "archive/report-2025.pdf")).destinationWithDefaults().toBucket();
        assertEquals("archive/report-2025.pdf", destination.prefix());
        assertTrue(destination.exactKey());
    }

    @Test
    void aDestinationWithoutPrefixTakesTheSourcePrefixAnExplicitEmptyOneIsTheTop() {
        assertEquals("2025/", spec(side("2025/", null), side(null, null)).destinationWithDefaults().prefix());
        assertEquals("", spec(side("2025/", null), side("", null)).destinationWithDefaults().prefix(), "\"\" is a choice: the top");
        assertEquals("imported/", spec(side("2025/", null), side("imported/", null)).destinationWithDefaults().prefix());
        assertNull(spec(side(null, null), side(null, null)).destinationWithDefaults().prefix(), "the whole bucket to the whole bucket");
        assertFalse(spec(side("2025/", null), side(null, null)).destinationWithDefaults().toBucket().exactKey());
    }
}
