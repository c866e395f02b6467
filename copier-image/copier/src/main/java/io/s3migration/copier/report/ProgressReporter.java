package io.s3migration.copier.report;

import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints a {@link ProgressLine} every interval while a run goes on, with a {@code msg} people can read. */
public final class ProgressReporter implements AutoCloseable {
    private final Counters counters;
    private final CheckpointTracker checkpoint;
    private final Output output;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    /** Bytes counted before this run (carried over from a checkpoint): not part of this run's rate. */
    private final long startBytes;
    private long lastBytes;
    private long lastNanos = startNanos;

    public ProgressReporter(Counters counters, CheckpointTracker checkpoint, Output output, Duration interval) {
        this.counters = counters;
        this.checkpoint = checkpoint;
        this.output = output;
        this.startBytes = counters.bytesCopied.get();
        this.lastBytes = startBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, output.interval(interval).toMillis());
        timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The current progress, with the rate since the previous call. */
    public Progress progress() {
        return progress(checkpoint.checkpoint());
    }

    private synchronized Progress progress(String lastKey) {
        long now = System.nanoTime();
        long bytes = counters.bytesCopied.get();
        long elapsed = Math.max(1, now - lastNanos);
        long rate = (bytes - lastBytes) * 1_000_000_000L / elapsed;
        lastBytes = bytes;
        lastNanos = now;
        return counters.snapshot(Math.max(0, rate), lastKey);
    }

    /** Bytes per second over the whole run so far. */
    public long averageRate() {
        long elapsed = Math.max(1, System.nanoTime() - startNanos);
        return (counters.bytesCopied.get() - startBytes) * 1_000_000_000L / elapsed;
    }

    public void report() {
        CheckpointTracker.Mark mark = checkpoint.mark();
        Progress p = progress(mark.lastKey());
        output.progress(new ProgressLine(describe(p), p, mark.counts()));
    }

    public static String describe(Progress p) {
        String total = p.sizingComplete() ? Long.toString(p.objectsTotal()) : p.objectsTotal() + "+";
        return String.format(Locale.ROOT, "%d/%s objects done (copied %d, skipped %d, failed %d), %s copied of %s%s, %s/s%s",
                p.objectsDone(), total, p.objectsCopied(), p.objectsSkipped(), p.objectsFailed(),
                bytes(p.bytesCopied()), bytes(p.bytesTotal()), p.sizingComplete() ? "" : " counted so far (calculating totals)",
                bytes(p.bytesPerSecond()), p.lastKey() == null ? "" : ", done through '" + p.lastKey() + "'");
    }

    public static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
