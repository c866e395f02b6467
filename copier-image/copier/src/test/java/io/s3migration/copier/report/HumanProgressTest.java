package io.s3migration.copier.report;

import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressFormat;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumanProgressTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void barPercentObjectsBytesRateAndEta() {
        Progress p = new Progress(true, 8, 2, 1, 0, 4 * MIB, MIB + MIB / 2, 512 * 1024, "k");
        assertEquals("[#########...............]  37.5%  3/8 objects  1.5 MiB/4.0 MiB  512.0 KiB/s  ETA 0:05",
                HumanProgress.render(p, 512 * 1024, 200));
    }

    @Test
    void untilTheTotalsAreKnownItSaysCalculatingAndTheEtaIsUnknown() {
        Progress p = new Progress(false, 1000, 10, 0, 2, 100 * MIB, 3 * MIB, MIB, "k");
        assertEquals("[........................] Calculating  12/1000+ objects (2 failed)  3.0 MiB/100.0 MiB+  1.0 MiB/s  ETA --",
                HumanProgress.render(p, MIB, 200));
    }

    @Test
    void doneAndStalledAndLongEtas() {
        Progress done = new Progress(true, 4, 3, 1, 0, 10 * MIB, 8 * MIB, 0, "k");
        assertTrue(HumanProgress.render(done, 0, 200).startsWith("[########################] 100.0%  4/4 objects"));
        assertTrue(HumanProgress.render(done, 0, 200).endsWith("ETA 0:00"));
        Progress stalled = new Progress(true, 4, 1, 0, 0, 10 * MIB, MIB, 0, "k");
        assertTrue(HumanProgress.render(stalled, 0, 200).endsWith("ETA --"));
        Progress big = new Progress(true, 4, 1, 0, 0, 10_000 * MIB, 0, MIB, "k");
        assertTrue(HumanProgress.render(big, MIB, 200).endsWith("ETA 2:46:40"), HumanProgress.render(big, MIB, 200));
        assertTrue(HumanProgress.render(new Progress(true, 0, 0, 0, 0, 0, 0, 0, null), 0, 200).contains("100.0%  0/0 objects"));
    }

    @Test
    void neverWiderThanTheTerminal() {
        Progress p = new Progress(true, 123456789, 1234567, 0, 0, 999_999 * MIB, 1234 * MIB, 99 * MIB, "k");
        for (int width : new int[]{20, 40, 80}) {
            assertEquals(width - 1, HumanProgress.render(p, 99 * MIB, width).length());
        }
        assertEquals(80, Output.terminalWidth("80"));
        assertEquals(100, Output.terminalWidth(null));
        assertEquals(100, Output.terminalWidth("wide"));
    }

    @Test
    void autoMeansJsonLinesWhenStdoutIsNoTerminal() {
        assertEquals(ProgressFormat.JSON, ProgressFormat.AUTO.resolve(false));
        assertEquals(ProgressFormat.HUMAN, ProgressFormat.AUTO.resolve(true));
        assertEquals(ProgressFormat.JSON, ProgressFormat.JSON.resolve(true));
        assertEquals(ProgressFormat.HUMAN, ProgressFormat.HUMAN.resolve(false));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output json = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), Scrubber.generic(),
                ProgressFormat.AUTO.resolve(false));
        assertFalse(json.human());
        assertEquals(Duration.ofSeconds(2), json.interval(Duration.ofSeconds(2)));
        json.start("copy a -> b");
        json.progress(new ProgressLine("m", new Progress(true, 1, 1, 0, 0, 5, 5, 5, "k")));
        json.summary(new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied 1", Progress.NONE, List.of(), null));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            assertTrue(line.startsWith("{\"type\":\"") && line.endsWith("}"), line);
            assertFalse(line.contains("\r") || line.contains("\033"), line);
        }
    }

    @Test
    void humanOutputRedrawsOneLineAndEndsWithAReadableSummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output human = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), Scrubber.generic(), ProgressFormat.HUMAN);
        assertEquals(Duration.ofSeconds(1), human.interval(Duration.ofSeconds(2)));
        assertEquals(Duration.ofMillis(250), human.interval(Duration.ofMillis(250)));
        human.start("copy a -> b");
        human.progress(new ProgressLine("m", new Progress(true, 2, 1, 0, 0, 10, 5, 5, "a")));
        human.objectFailed(new Failure("b", "AccessDenied"));
        human.progress(new ProgressLine("m", new Progress(true, 2, 1, 0, 1, 10, 5, 5, "b")));
        human.summary(new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed, "copied 1 objects, failed 1",
                Progress.NONE, List.of(new Failure("b", "AccessDenied")), null));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("{\"type\""), out);
        assertTrue(out.startsWith("copy a -> b\n\r\033[K[############............]  50.0%  1/2 objects"), out);
        assertTrue(out.contains("\r\033[Kfailed: b: AccessDenied\n"), out);
        assertTrue(out.contains("(1 failed)"), out);
        assertTrue(out.endsWith("\ncopy partial (ObjectsFailed): copied 1 objects, failed 1\n  b: AccessDenied\nexit 3\n"), out);
    }
}
