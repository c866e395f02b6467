package io.s3migration.copier.run;

import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Totals;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Lists the source once more, on a thread of its own, only to count objects and bytes into {@link Totals}: the copy
 * loop's listing advances only as fast as workers take objects, so without this the totals (percent, ETA) would be
 * known only near the end. Holds no keys (a listing's read-ahead pages only). A failed sizing listing does not touch
 * the copy: it is reported on stderr and the copy loop's own count gives the totals. Close it to stop.
 */
final class SizingPass implements AutoCloseable {
    private final Thread thread;
    private volatile Iterator<ListedObject> listing;
    private volatile boolean closed;

    private SizingPass(Supplier<? extends Iterator<ListedObject>> source, Totals totals, Output output) {
        thread = new Thread(() -> size(source, totals, output), "copier-sizing");
        thread.setDaemon(true);
    }

    /** Starts counting the objects {@code source} lists (a listing, closed at the end if it can be) into {@code totals}. */
    static SizingPass start(Supplier<? extends Iterator<ListedObject>> source, Totals totals, Output output) {
        SizingPass pass = new SizingPass(source, totals, output);
        pass.thread.start();
        return pass;
    }

    private void size(Supplier<? extends Iterator<ListedObject>> source, Totals totals, Output output) {
        try {
            Iterator<ListedObject> objects = source.get();
            listing = objects;
            while (!closed && objects.hasNext()) {
                totals.sized(objects.next().size());
            }
            if (!closed) {
                totals.sizingEnded();
            }
        } catch (RuntimeException e) {
            if (!closed) {
                output.warning("sizing the source failed, the totals are counted as the copy lists instead: "
                        + ErrorClassifier.classify(e).detail());
            }
        } finally {
            stopListing();
        }
    }

    /** Waits for the pass to end, at most {@code millis} (for tests). */
    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        stopListing();
        thread.interrupt();
    }

    private void stopListing() {
        if (listing instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // a listing that cannot stop cleanly holds a daemon thread at most
            }
        }
    }
}
