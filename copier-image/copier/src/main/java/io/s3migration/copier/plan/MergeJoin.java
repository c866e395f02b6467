package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;
import io.s3migration.protocol.KeyOrder;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a source and a destination listing, both in {@link KeyOrder}, in step (like rclone's march): one
 * decision per source object, nothing for objects that exist only at the destination (never deleted).
 * Holds one object of each side at a time. Closing it closes the listings that can be closed.
 */
public final class MergeJoin implements Iterator<Decision>, AutoCloseable {
    private final Iterator<ListedObject> source;
    private final Iterator<ListedObject> destination;
    private final boolean sizeOnly;
    private ListedObject pendingDestination;

    public MergeJoin(Iterator<ListedObject> source, Iterator<ListedObject> destination, boolean sizeOnly) {
        this.source = source;
        this.destination = destination;
        this.sizeOnly = sizeOnly;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public Decision next() {
        if (!source.hasNext()) {
            throw new NoSuchElementException();
        }
        ListedObject src = source.next();
        ListedObject match = null;
        while (true) {
            if (pendingDestination == null) {
                if (!destination.hasNext()) {
                    break;
                }
                pendingDestination = destination.next();
            }
            int order = KeyOrder.INSTANCE.compare(pendingDestination.key(), src.key());
            if (order < 0) {
                pendingDestination = null; // destination-only object: left alone
            } else {
                if (order == 0) {
                    match = pendingDestination;
                    pendingDestination = null;
                }
                break;
            }
        }
        return Evidence.decide(src, match, sizeOnly);
    }

    @Override
    public void close() {
        for (Iterator<ListedObject> listing : java.util.List.of(source, destination)) {
            if (listing instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // a listing that cannot stop cleanly holds a daemon thread at most
                }
            }
        }
    }
}
