package io.s3migration.copier.transfer;

import io.s3migration.copier.errors.Retry;
import io.s3migration.protocol.CopierSettings;
import org.junit.jupiter.api.Test;

import static io.s3migration.protocol.CopierSettings.MIB;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferSettingsTest {
    private static final String PLAIN_MD5 = "9e107d9d372bb6826bd81d3542a419d6";

    private static TransferSettings settings(long singlePutMax) {
        return new TransferSettings(64 * MIB, 16 * MIB, singlePutMax, Retry.DEFAULT, true, null, null, false);
    }

    @Test
    void belowTheThresholdEveryObjectGoesAsOnePut() {
        assertFalse(settings(0).inParts(64 * MIB - 1, "abc-3"));
        assertFalse(settings(0).inParts(0, null));
    }

    @Test
    void aPlainMd5GoesAsOnePutUpToTheMaximumAndInPartsBeyondIt() {
        TransferSettings s = settings(CopierSettings.SINGLE_PUT_MAX.defaultValue());
        assertFalse(s.inParts(64 * MIB, PLAIN_MD5));
        assertFalse(s.inParts(1024 * MIB, PLAIN_MD5.toUpperCase()));
        assertTrue(s.inParts(1024 * MIB + 1, PLAIN_MD5));
    }

    @Test
    void withoutAnMd5TheDestinationCouldCheckAnObjectAboveTheThresholdGoesInParts() {
        TransferSettings s = settings(1024 * MIB);
        assertTrue(s.inParts(100 * MIB, PLAIN_MD5.substring(0, 31) + "-2"), "a multipart ETag");
        assertTrue(s.inParts(100 * MIB, null), "no ETag listed");
        assertTrue(s.inParts(100 * MIB, "not-hex-at-all-but-32-chars-long"));
    }

    @Test
    void zeroSendsEveryObjectFromTheThresholdOnInParts() {
        assertTrue(settings(0).inParts(64 * MIB, PLAIN_MD5));
    }
}
