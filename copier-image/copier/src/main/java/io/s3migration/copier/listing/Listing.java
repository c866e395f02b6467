package io.s3migration.copier.listing;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listing read ahead: a daemon thread fetches the next pages while the caller works through the current one,
 * so both sides of a merge-join list at the same time and the copy seldom waits for a page (the pages may come from
 * several threads of their own: {@link PartitionedPages}). At most
 * {@link #PAGES_AHEAD} pages are held, so memory stays bounded whatever the number of keys. An error from the
 * fetching thread is thrown by the caller's next {@link #hasNext()}. Close it to stop the fetching thread.
 */
public final class Listing implements Iterator<ListedObject>, AutoCloseable {
    static final int PAGES_AHEAD = 2;
    private static final Object END = new Object();

    /**
     * Sees the pages as the fetching thread reads them, on that thread, before the caller does: how the copy run counts
     * its totals without listing the source twice (see {@code SizingPass}).
     */
    public interface Watcher {
        Watcher NONE = new Watcher() {
        };

        /** One more page was read. */
        default void fetched(List<ListedObject> page) {
        }

        /**
         * The read-ahead is full for the first time: the caller takes objects more slowly than they can be listed.
         * {@code lastKey}: the last key read so far (null: none yet).
         */
        default void behind(String lastKey) {
        }

        /** Every page was read (not called when the listing fails or is closed first). */
        default void ended() {
        }
    }

    private final BlockingQueue<Object> pages; // pages, then END or an error
    private final Iterator<List<ListedObject>> pageSource;
    private final Thread fetcher;
    private volatile boolean closed;
    private Iterator<ListedObject> current = Collections.emptyIterator();
    private boolean finished;

    Listing(Iterator<List<ListedObject>> pageSource, String threadName) {
        this(pageSource, threadName, PAGES_AHEAD, Watcher.NONE);
    }

    Listing(Iterator<List<ListedObject>> pageSource, String threadName, int pagesAhead, Watcher watcher) {
        pages = new ArrayBlockingQueue<>(pagesAhead);
        this.pageSource = pageSource;
        fetcher = new Thread(() -> {
            try {
                String lastKey = null;
                boolean behind = false;
                while (!closed && pageSource.hasNext()) {
                    List<ListedObject> page = pageSource.next();
                    watcher.fetched(page);
                    if (!page.isEmpty()) {
                        lastKey = page.get(page.size() - 1).key();
                    }
                    if (!pages.offer(page)) {
                        if (!behind) {
                            behind = true;
                            watcher.behind(lastKey);
                        }
                        hand(page);
                    }
                }
                if (!closed) {
                    watcher.ended();
                }
                hand(END);
            } catch (RuntimeException e) {
                hand(e);
            }
        }, threadName);
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (finished) {
                return false;
            }
            Object next = take();
            if (next == END) {
                finished = true;
                return false;
            }
            if (next instanceof RuntimeException e) {
                finished = true;
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<ListedObject> page = (List<ListedObject>) next;
            current = page.iterator();
        }
        return true;
    }

    @Override
    public ListedObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    @Override
    public void close() {
        closed = true;
        fetcher.interrupt();
        if (pageSource instanceof PartitionedPages parts) {
            parts.close(); // its own listing threads too
        }
    }

    private Object take() {
        try {
            return pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a listing page", e);
        }
    }

    /** Hands a page to the caller, waiting for room; gives up when the listing is closed. */
    private void hand(Object item) {
        try {
            while (!closed) {
                if (pages.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody will read further
        }
    }
}
