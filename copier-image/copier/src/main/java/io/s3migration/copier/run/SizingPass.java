package io.s3migration.copier.run;

import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.listing.Listing;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Totals;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Counts the source's objects and bytes into {@link Totals}, so percent and ETA are known long before the copy gets to
 * the end. It watches the copy loop's own source listing ({@link Listing.Watcher}) and counts its pages as they are
 * read: when the copy keeps up with its listing (a re-run with little to copy), that is the only listing of the source.
 * The first time the copy falls behind (its read-ahead is full), the pass stops counting those pages and lists on by
 * itself, on a thread of its own, from the last key it counted, so the totals run ahead of the copy. Holds no keys (a
 * listing's read-ahead pages only). A failed sizing listing does not touch the copy: it is reported on stderr and the
 * copy loop's own count gives the totals. Close it to stop.
 */
final class SizingPass implements Listing.Watcher, AutoCloseable {
    private final Function<String, ? extends Iterator<ListedObject>> sourceAfter;
    private final Totals totals;
    private final Output output;
    private final Thread thread;
    private boolean listsByItself; // read and written by the copy listing's fetching thread only
    private volatile String lastCounted;
    private volatile Iterator<ListedObject> listing;
    private volatile boolean closed;

    /**
     * {@code sourceAfter}: the source's objects after a relative key (null: from where the copy starts), a listing that
     * is closed at the end if it can be.
     */
    SizingPass(Function<String, ? extends Iterator<ListedObject>> sourceAfter, Totals totals, Output output) {
        this.sourceAfter = sourceAfter;
        this.totals = totals;
        this.output = output;
        this.thread = new Thread(this::listOn, "copier-sizing");
        thread.setDaemon(true);
    }

    @Override
    public void fetched(List<ListedObject> page) {
        if (!listsByItself) {
            for (ListedObject object : page) {
                totals.sized(object.size());
            }
        }
    }

    @Override
    public void behind(String lastKey) {
        if (!listsByItself && !closed) {
            listsByItself = true;
            lastCounted = lastKey;
            thread.start();
        }
    }

    @Override
    public void ended() {
        if (!listsByItself) {
            totals.sizingEnded();
        }
    }

    private void listOn() {
        try {
            Iterator<ListedObject> objects = sourceAfter.apply(lastCounted);
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

    /** Waits for the pass's own listing to end, at most {@code millis} (for tests); true when it is not running. */
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
