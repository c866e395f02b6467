package io.s3migration.copier.report;

import io.s3migration.protocol.Failure;
import io.s3migration.protocol.ObjectFailedLine;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;

import java.io.PrintStream;

/**
 * The copier's stdout: one protocol line per event, never interleaved. Every string field of a line goes through
 * the {@link Scrubber}: texts as free text, object keys as keys (kept exact).
 */
public final class Output {
    private final PrintStream out;
    private final Scrubber scrubber;

    public Output(PrintStream out, Scrubber scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    /** The first line: what is copied where, for people reading the log. */
    public void start(String msg) {
        write("{\"type\":\"start\",\"msg\":" + ProtocolJson.write(scrubber.scrub(msg)) + "}");
    }

    public void progress(ProgressLine line) {
        write(ProtocolJson.write(new ProgressLine(scrubber.scrub(line.msg()), scrubber.scrub(line.progress()),
                line.checkpointCounts())));
    }

    public void objectFailed(Failure failure) {
        ObjectFailedLine line = new ObjectFailedLine(failure);
        write(ProtocolJson.write(new ObjectFailedLine(line.type(), scrubber.scrub(line.msg()), scrubber.scrub(failure))));
    }

    /** Prints the summary, scrubbed, and returns what was printed. */
    public Summary summary(Summary summary) {
        Summary scrubbed = scrubber.scrub(summary);
        write(ProtocolJson.write(scrubbed));
        return scrubbed;
    }

    private synchronized void write(String line) {
        out.println(line);
        out.flush();
    }
}
