package io.s3migration.copier.report;

import java.io.PrintStream;

/** The copier's stdout: one line per event, every line through the {@link Scrubber}, never interleaved. */
public final class Output {
    private final PrintStream out;
    private final Scrubber scrubber;

    public Output(PrintStream out, Scrubber scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    public synchronized void line(String text) {
        out.println(scrubber.scrub(text));
        out.flush();
    }

    public Scrubber scrubber() {
        return scrubber;
    }
}
