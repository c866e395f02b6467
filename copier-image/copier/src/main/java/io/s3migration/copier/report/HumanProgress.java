package io.s3migration.copier.report;

import io.s3migration.protocol.Progress;

import java.util.Locale;

/**
 * The progress line for people at a terminal ({@code S3M_PROGRESS=human}, or {@code auto} on a terminal): bar,
 * percent, objects, bytes, rate and ETA on one line, redrawn in place. Pure; {@link Output} draws it.
 */
public final class HumanProgress {
    static final int BAR_WIDTH = 24;
    /** In place of percent until the totals are known. */
    static final String CALCULATING = "Calculating";

    private HumanProgress() {
    }

    /**
     * One line of at most {@code width - 1} characters (the last column left free, so that no terminal wraps it):
     * {@code [#########...............]  37.5%  3/8 objects  1.5 MiB/4.0 MiB  512.0 KiB/s  ETA 0:05}. Percent is of
     * the objects done (copied, skipped or failed), as {@code kubectl get migrationjob} shows it; until the sizing pass
     * (or the copy) has listed the source to its end, percent says {@code Calculating}, the totals counted so far carry
     * a {@code +} and the ETA is unknown ({@code --}). The ETA is the
     * bytes left at {@code rate} bytes per second.
     */
    public static String render(Progress p, long rate, int width) {
        boolean sized = p.sizingComplete();
        double fraction = !sized ? 0 : p.objectsTotal() == 0 ? 1 : Math.min(1, (double) p.objectsDone() / p.objectsTotal());
        int filled = (int) Math.floor(fraction * BAR_WIDTH);
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
        String percent = sized ? String.format(Locale.ROOT, "%5.1f%%", fraction * 100) : CALCULATING;
        String plus = sized ? "" : "+";
        String objects = p.objectsDone() + "/" + p.objectsTotal() + plus + " objects"
                + (p.objectsFailed() > 0 ? " (" + p.objectsFailed() + " failed)" : "");
        String bytes = ProgressReporter.bytes(p.bytesCopied()) + "/" + ProgressReporter.bytes(p.bytesTotal()) + plus;
        String line = bar + " " + percent + "  " + objects + "  " + bytes + "  " + ProgressReporter.bytes(Math.max(0, rate))
                + "/s  ETA " + eta(p, rate);
        int max = Math.max(1, width - 1);
        return line.length() <= max ? line : line.substring(0, max);
    }

    /** {@code m:ss} or {@code h:mm:ss}; {@code --} while unknown (totals still calculated, or nothing flowing). */
    static String eta(Progress p, long rate) {
        if (!p.sizingComplete()) {
            return "--";
        }
        long left = Math.max(0, p.bytesTotal() - p.bytesCopied());
        if (left == 0 || p.objectsDone() >= p.objectsTotal()) {
            return "0:00";
        }
        if (rate <= 0) {
            return "--";
        }
        return duration((left + rate - 1) / rate);
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
