package io.s3migration.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolJsonTest {

    private static final Progress SOME = new Progress(true, 10, 4, 3, 1, 1000, 400, 50, "photos/b.jpg");

    @Test
    void newestProgressIsTheLastParsableLineAndToleratesGarbage() {
        String tail = String.join("\n",
                ProtocolJson.write(new ProgressLine("first", new Progress(false, 1, 0, 0, 0, 1, 0, 0, null))),
                ProtocolJson.write(new ProgressLine("second", SOME)),
                "{\"type\":\"progress\",\"progress\":{\"objectsTot",   // cut by the tail
                "Exception in thread main",
                "");
        assertEquals(SOME, ProtocolJson.newestProgress(tail).orElseThrow());
        assertTrue(ProtocolJson.newestProgress("").isEmpty());
        assertTrue(ProtocolJson.newestProgress(null).isEmpty());
        assertTrue(ProtocolJson.newestProgress("{\"type\":\"other\"}\nnot json").isEmpty());
    }

    @Test
    void progressLineCarriesTheCountsUpToItsCheckpoint() {
        CheckpointCounts atCheckpoint = new CheckpointCounts(3, 2, 1, 300);
        String json = ProtocolJson.write(new ProgressLine("m", SOME, atCheckpoint));
        assertEquals(atCheckpoint, ProtocolJson.newestProgressLine("x\n" + json).orElseThrow().checkpointCounts());
        // A summary after it ends the run: its line has no checkpoint counts.
        String summary = ProtocolJson.write(new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "done", SOME, List.of(), null));
        ProgressLine last = ProtocolJson.newestProgressLine(json + "\n" + summary).orElseThrow();
        assertEquals(SOME, last.progress());
        assertEquals(null, last.checkpointCounts());
        // Negative counts make the line garbage, never a wrong resume.
        String negative = json.replace("\"objectsFailed\":1,", "\"objectsFailed\":-1,");
        assertTrue(negative.contains("-1"), negative);
        assertEquals("first", ProtocolJson.newestProgressLine(ProtocolJson.write(new ProgressLine("first", SOME)) + "\n" + negative)
                .orElseThrow().msg());
    }

    @Test
    void objectFailedLinesNameTheirFailuresInLogOrder() {
        String tail = String.join("\n",
                "{\"type\":\"objectFailed\",\"failure\":{\"key\":\"cut",   // cut by the tail
                ProtocolJson.write(new ObjectFailedLine(new Failure("b/2", "AccessDenied"))),
                ProtocolJson.write(new ProgressLine("p", SOME)),
                ProtocolJson.write(new ObjectFailedLine(new Failure("a/1", "checksum mismatch"))),
                "{\"type\":\"objectFailed\",\"msg\":\"no failure field\"}");
        assertEquals(List.of(new Failure("b/2", "AccessDenied"), new Failure("a/1", "checksum mismatch")),
                ProtocolJson.failuresIn(tail));
        assertTrue(ProtocolJson.write(new ObjectFailedLine(new Failure("b/2", "AccessDenied"))).contains("failed to copy 'b/2': AccessDenied"));
        assertEquals(List.of(), ProtocolJson.failuresIn(null));
    }

    @Test
    void summaryRoundTripsAndCountsAsProgress() {
        Summary summary = new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed, "1 object failed", SOME,
                List.of(new Failure("a b", "InternalError")), null);
        String json = ProtocolJson.write(summary);
        assertEquals(summary, ProtocolJson.readSummary(json).orElseThrow());
        assertEquals(SOME, ProtocolJson.newestProgress("x\n" + json + "\n").orElseThrow());
        assertTrue(ProtocolJson.readSummary("{\"type\":\"summary\",\"exitCode\":\"NOPE\"}").isEmpty());
        assertTrue(ProtocolJson.readSummary(null).isEmpty());
    }

    @Test
    void summaryFitsTheTerminationMessageLimit() {
        List<Failure> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new Failure("key-" + i + "-é".repeat(40), "SlowDown ".repeat(50)));
        }
        Summary big = new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed, "m".repeat(5000), SOME, many, null);
        Summary fitted = big.fitTo(Summary.TERMINATION_MESSAGE_LIMIT);
        int bytes = ProtocolJson.write(fitted).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= Summary.TERMINATION_MESSAGE_LIMIT, "summary is " + bytes + " bytes");
        assertFalse(fitted.failures().isEmpty(), "keeps as many failures as fit");
        assertTrue(fitted.failures().size() < many.size());
        assertEquals(SOME, fitted.progress());
    }

    @Test
    void configRoundTripsThroughEnvironment() {
        CopierConfig config = CopierConfig.of(Mode.COPY,
                        new Bucket("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "photos", "2025/", false),
                        new Bucket("http://127.0.0.1:9000", "us-east-1", "dest", "", true))
                .with(CopierSettings.CHECKPOINT, "2025/05/x.jpg").with(CopierSettings.CONCURRENCY, 8);
        Map<String, String> env = CopierEnv.write(config);
        assertEquals("copy", env.get(CopierSettings.MODE.variable()));
        assertFalse(env.containsKey("S3M_DESTINATION_PREFIX"), "empty values are left out");
        assertEquals(config, CopierEnv.read(env));
        assertFalse(env.containsKey(CopierSettings.CHECKPOINT_COUNTS.variable()), "no counts before the checkpoint: nothing to carry");

        CopierConfig resumed = config.withCheckpoint("2025/05/x.jpg", new CheckpointCounts(40, 2, 1, 4096));
        Map<String, String> resumedEnv = CopierEnv.write(resumed);
        assertEquals("objectsCopied=40,objectsSkipped=2,objectsFailed=1,bytesCopied=4096", resumedEnv.get(CopierSettings.CHECKPOINT_COUNTS.variable()));
        assertEquals(resumed, CopierEnv.read(resumedEnv));
        assertEquals(43, CopierEnv.read(resumedEnv).get(CopierSettings.CHECKPOINT_COUNTS).objectsDone());
    }

    @Test
    void checkpointCountsRejectMalformedTextAndCountsWithoutACheckpoint() {
        Map<String, String> base = Map.of(CopierSettings.MODE.variable(), "copy", "S3M_SOURCE_BUCKET", "a", "S3M_DESTINATION_BUCKET", "b",
                CopierSettings.CHECKPOINT.variable(), "k");
        for (String bad : new String[] {"40,2,1,4096", "objectsCopied=40", "objectsCopied=x,objectsSkipped=0,objectsFailed=0,bytesCopied=0",
                "objectsCopied=1,objectsCopied=1,objectsFailed=0,bytesCopied=0", "objectsCopied=-1,objectsSkipped=0,objectsFailed=0,bytesCopied=0"}) {
            Map<String, String> env = new java.util.HashMap<>(base);
            env.put(CopierSettings.CHECKPOINT_COUNTS.variable(), bad);
            var e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env), bad);
            assertTrue(e.getMessage().contains("checkpoint counts") || e.getMessage().startsWith(CopierSettings.CHECKPOINT_COUNTS.variable()), e.getMessage());
        }
        Map<String, String> withoutCheckpoint = new java.util.HashMap<>(base);
        withoutCheckpoint.remove(CopierSettings.CHECKPOINT.variable());
        withoutCheckpoint.put(CopierSettings.CHECKPOINT_COUNTS.variable(), "objectsCopied=1,objectsSkipped=0,objectsFailed=0,bytesCopied=9");
        var e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(withoutCheckpoint));
        assertTrue(e.getMessage().contains("without " + CopierSettings.CHECKPOINT.variable()), e.getMessage());
    }

    @Test
    void configRejectsBadInputNamingTheVariable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CopierEnv.read(Map.of(CopierSettings.MODE.variable(), "copy", "S3M_SOURCE_BUCKET", "a")));
        assertEquals("S3M_DESTINATION_BUCKET is required", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(Map.of(CopierSettings.MODE.variable(), "move")));
        assertTrue(e.getMessage().contains("preflight, copy, verify"));
        e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(Map.of(CopierSettings.MODE.variable(), "copy",
                "S3M_SOURCE_BUCKET", "a", "S3M_DESTINATION_BUCKET", "b", CopierSettings.CONCURRENCY.variable(), "lots")));
        assertTrue(e.getMessage().startsWith(CopierSettings.CONCURRENCY.variable()));
    }

    @Test
    void unknownExitCodesAreFatal() {
        assertEquals(ExitCode.PARTIAL, ExitCode.of(3));
        assertEquals(ExitCode.FATAL, ExitCode.of(137));
    }
}
