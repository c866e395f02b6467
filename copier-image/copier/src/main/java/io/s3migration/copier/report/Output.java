package io.s3migration.copier.report;

import io.s3migration.protocol.Failure;
import io.s3migration.protocol.ObjectFailedLine;
import io.s3migration.protocol.ProgressFormat;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Summary;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The copier's stdout. {@link ProgressFormat#JSON} (a pod; what the operator parses): one protocol line per event,
 * never interleaved. {@link ProgressFormat#HUMAN} (a terminal): the start message, one progress line redrawn in
 * place ({@link HumanProgress}), failed objects as lines above it, and a readable summary. Every string field goes
 * through the {@link Scrubber}: texts as free text, object keys as keys (kept exact).
 */
public final class Output {
    /** Longest pause between two redraws of the human line. */
    static final Duration HUMAN_REDRAW = Duration.ofSeconds(1);
    private static final String CLEAR_LINE = "\r\033[K";
    private final PrintStream out;
    private final Scrubber scrubber;
    private final boolean human;
    private final int width;
    /** The human line's rate: smoothed, so that the ETA does not jump with every interval. */
    private double smoothedRate = -1;
    private boolean lineOpen;

    /** JSON lines. */
    public Output(PrintStream out, Scrubber scrubber) {
        this(out, scrubber, ProgressFormat.JSON);
    }

    /** {@code format} resolved ({@link ProgressFormat#resolve}): {@code AUTO} means JSON here. */
    public Output(PrintStream out, Scrubber scrubber, ProgressFormat format) {
        this.out = out;
        this.scrubber = scrubber;
        this.human = format == ProgressFormat.HUMAN;
        this.width = terminalWidth(System.getenv("COLUMNS"));
    }

    public boolean human() {
        return human;
    }

    /** How often progress is reported: the setting, and at least every second on a terminal. */
    public Duration interval(Duration setting) {
        return human && setting.compareTo(HUMAN_REDRAW) > 0 ? HUMAN_REDRAW : setting;
    }

    /** The first line: what is copied where, for people reading the log. */
    public void start(String msg) {
        if (human) {
            write(scrubber.scrub(msg));
            return;
        }
        // Quoted here, not by Jackson: this line comes before the first request, and building Jackson's mapper (~40 ms
        // at start-up, its date formats' locale data included) can wait for the first progress line.
        write("{\"type\":\"start\",\"msg\":" + jsonString(scrubber.scrub(msg)) + "}");
    }

    private static final String HEX = "0123456789ABCDEF";

    /**
     * {@code text} as a JSON string: quotes, backslashes and control characters escaped (RFC 8259), the rest as is;
     * as Jackson writes it.
     */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    public void progress(ProgressLine line) {
        if (human) {
            long rate = line.progress().bytesPerSecond();
            synchronized (this) {
                smoothedRate = smoothedRate < 0 ? rate : 0.7 * smoothedRate + 0.3 * rate;
                redraw(HumanProgress.render(line.progress(), Math.round(smoothedRate), width));
            }
            return;
        }
        write(ProtocolJson.write(new ProgressLine(scrubber.scrub(line.msg()), scrubber.scrub(line.progress()),
                line.checkpointCounts())));
    }

    public void objectFailed(Failure failure) {
        ObjectFailedLine line = new ObjectFailedLine(failure);
        if (human) {
            Failure f = scrubber.scrub(failure);
            write("failed: " + f.key() + ": " + f.error());
            return;
        }
        write(ProtocolJson.write(new ObjectFailedLine(line.type(), scrubber.scrub(line.msg()), scrubber.scrub(failure))));
    }

    /** Something people should know that changes no outcome, on stderr (stdout carries protocol lines), scrubbed. */
    public void warning(String msg) {
        System.err.println("warning: " + scrubber.scrub(msg));
    }

    /** One range of a plan (plan mode); its ends are keys, kept exact. */
    public void range(RangeLine line) {
        if (human) {
            write(scrubber.scrub(line.msg()));
            return;
        }
        write(ProtocolJson.write(new RangeLine(line.type(), scrubber.scrub(line.msg()), line.index(),
                scrubber.scrubKnown(line.after()), scrubber.scrubKnown(line.upTo()), line.estimatedObjects())));
    }

    /** Prints the summary, scrubbed, and returns what was printed. */
    public Summary summary(Summary summary) {
        Summary scrubbed = scrubber.scrub(summary);
        if (human) {
            synchronized (this) {
                if (lineOpen) { // the last progress line stays, above the summary
                    out.println();
                    lineOpen = false;
                }
                write(humanSummary(scrubbed));
            }
        } else {
            write(ProtocolJson.write(scrubbed));
        }
        return scrubbed;
    }

    /** The summary for people: outcome and message, the failures it lists, the exit code. */
    static String humanSummary(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append(s.mode() == null ? "run" : s.mode().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                .append(s.exitCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(s.reason() == null ? "" : " (" + s.reason().name() + ")").append(": ").append(s.message());
        for (Failure f : s.failures()) {
            b.append(System.lineSeparator()).append("  ").append(f.key()).append(": ").append(f.error());
        }
        if (s.verification() != null) {
            var v = s.verification();
            b.append(System.lineSeparator()).append("  verification: ").append(v.objectsMatched()).append(" matched, ")
                    .append(v.objectsMissing()).append(" missing, ").append(v.objectsMismatched()).append(" mismatched");
        }
        b.append(System.lineSeparator()).append("exit ").append(s.exitCode().code());
        return b.toString();
    }

    /** A full line; on a terminal it replaces the progress line, which the next report draws again below it. */
    private synchronized void write(String line) {
        if (lineOpen) {
            out.print(CLEAR_LINE);
            lineOpen = false;
        }
        out.println(line);
        out.flush();
    }

    private void redraw(String line) {
        out.print(CLEAR_LINE + line);
        out.flush();
        lineOpen = true;
    }

    static int terminalWidth(String columns) {
        try {
            int c = columns == null ? 0 : Integer.parseInt(columns.trim());
            return c >= 20 ? c : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
