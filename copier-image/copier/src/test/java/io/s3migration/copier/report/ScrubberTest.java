package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
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
        assertTrue(Scrubber.generic().scrub((String) null) == null);
    }

    @Test
    void keysStayExactWhileTextsAroundThemAreScrubbed() {
        Scrubber s = Scrubber.of(List.of("real-secret-value"), List.of());
        String tokenKey = "a/token=(1).txt";
        String accessKeyShaped = "logs/" + AWS_SHAPED_KEY + ".gz";
        assertEquals(tokenKey, s.scrubKnown(tokenKey));
        assertEquals(accessKeyShaped, s.scrubKnown(accessKeyShaped));
        assertEquals("x/****", s.scrubKnown("x/real-secret-value"), "the run's own secret goes even from a key");

        Failure f = s.scrub(new Failure(tokenKey, "AccessDenied for " + AWS_SHAPED_KEY + " signature=abc"));
        assertEquals(tokenKey, f.key());
        assertEquals("AccessDenied for AKIA****MPLE signature=****", f.error());

        Progress p = new Progress(true, 2, 2, 0, 0, 10, 10, 5, accessKeyShaped);
        Summary summary = s.scrub(new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed,
                "failed at password=hunter2", p, List.of(new Failure(tokenKey, "token=abc")), null));
        assertEquals(accessKeyShaped, summary.progress().lastKey());
        assertEquals(tokenKey, summary.failures().get(0).key());
        assertEquals("token=****", summary.failures().get(0).error());
        assertEquals("failed at password=****", summary.message());
    }

    @Test
    void outputLinesKeepKeysExactForTheOperatorToResumeFrom() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Output output = new Output(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
                Scrubber.of(List.of("real-secret-value"), List.of()));
        String key = "secrets/" + AWS_SHAPED_SECRET.replace("/", "_") + "/password=1";
        Progress p = new Progress(false, 3, 1, 0, 1, 30, 10, 5, key);
        output.progress(new ProgressLine(ProgressReporter.describe(p), p, new CheckpointCounts(1, 0, 1, 10)));
        output.objectFailed(new Failure(key, "InternalError with real-secret-value"));
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);

        ProgressLine line = ProtocolJson.newestProgressLine(text).orElseThrow();
        assertEquals(key, line.progress().lastKey(), text);
        assertFalse(line.msg().contains("password=1"), "the message for people is scrubbed: " + line.msg());
        Failure failed = ProtocolJson.failuresIn(text).get(0);
        assertEquals(key, failed.key());
        assertEquals("InternalError with ****", failed.error());
        assertFalse(text.contains("real-secret-value"), text);
    }
}
