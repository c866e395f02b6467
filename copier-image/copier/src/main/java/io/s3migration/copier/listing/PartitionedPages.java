package io.s3migration.copier.listing;

import io.s3migration.copier.listing.PartitionPlan.Flat;
import io.s3migration.copier.listing.PartitionPlan.Folder;
import io.s3migration.copier.listing.PartitionPlan.Listed;
import io.s3migration.copier.listing.PartitionPlan.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A listing's pages in key order, its parts ({@link PartitionPlan}) listed by several threads at once: a part is
 * listed on its own thread while the parts before it are still read, up to {@code threads} parts ahead, each holding
 * at most {@value #PAGES_AHEAD} pages, so memory stays bounded whatever the number of keys. On a real endpoint a page
 * takes a round trip and the server's time, so a re-run that lists millions of keys on both sides waits for its
 * listing, not for its copies; parts listed together take a fraction of that. The plan is made at the first
 * {@link #hasNext()}, on the caller's thread. An error is thrown where its part's pages would have come. Close it to
 * stop the threads.
 */
final class PartitionedPages implements Iterator<List<ListedObject>>, AutoCloseable {
    static final int PAGES_AHEAD = 2;
    private static final Object END = new Object();

    private final Supplier<List<Part>> plan;
    private final Function<Flat, Iterator<List<ListedObject>>> flatPages;
    private final Function<List<S3Object>, List<ListedObject>> listed;
    private final int threads;
    private final ExecutorService workers;
    private final Deque<BlockingQueue<Object>> started = new ArrayDeque<>(); // the parts begun, in key order
    private Iterator<Part> toStart;
    private List<ListedObject> nextPage;
    private volatile boolean closed;

    /**
     * {@code plan}: the parts, given the executor that may run the plan's own requests; {@code flatPages}: the pages of
     * a part listed flat; {@code listed}: the objects of a part the plan already holds, as listed objects.
     */
    PartitionedPages(Function<ExecutorService, List<Part>> plan, Function<Flat, Iterator<List<ListedObject>>> flatPages,
                     Function<List<S3Object>, List<ListedObject>> listed, int threads, String threadName) {
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, run -> {
            Thread thread = new Thread(run, threadName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.plan = () -> plan.apply(workers);
        this.flatPages = flatPages;
        this.listed = listed;
        this.threads = threads;
    }

    @Override
    public boolean hasNext() {
        if (toStart == null) {
            try {
                toStart = plan.get().iterator();
            } catch (RuntimeException e) {
                close(); // the threads that looked for folders
                throw e;
            }
            startMore();
        }
        while (nextPage == null) {
            BlockingQueue<Object> current = started.peekFirst();
            if (current == null) {
                workers.shutdown();
                return false;
            }
            Object item = take(current);
            if (item == END) {
                started.removeFirst();
                startMore();
            } else if (item instanceof RuntimeException e) {
                close();
                throw e;
            } else {
                @SuppressWarnings("unchecked")
                List<ListedObject> page = (List<ListedObject>) item;
                nextPage = page;
            }
        }
        return true;
    }

    @Override
    public List<ListedObject> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<ListedObject> page = nextPage;
        nextPage = null;
        return page;
    }

    /** Begins parts until {@code threads} are begun and not yet read to their end. */
    private void startMore() {
        while (started.size() < threads && toStart.hasNext()) {
            Part part = toStart.next();
            BlockingQueue<Object> pages = new ArrayBlockingQueue<>(PAGES_AHEAD);
            started.addLast(pages);
            if (part instanceof Listed objects) {
                pages.add(listed.apply(objects.objects()));
                pages.add(END);
            } else {
                Flat flat = part instanceof Folder folder ? folder.flat() : (Flat) part;
                workers.execute(() -> list(flat, pages));
            }
        }
    }

    /** Lists one part into its queue, waiting for room; stops when the listing is closed. */
    private void list(Flat flat, BlockingQueue<Object> pages) {
        try {
            Iterator<List<ListedObject>> source = flatPages.apply(flat);
            while (!closed && source.hasNext()) {
                pages.put(source.next());
            }
            pages.put(END);
        } catch (RuntimeException e) {
            try {
                pages.put(e);
            } catch (InterruptedException interrupted) {
                // closed: nobody reads this part any more
            }
        } catch (InterruptedException e) {
            // closed: nobody reads this part any more
        }
    }

    private Object take(BlockingQueue<Object> pages) {
        try {
            return pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a listing page", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
    }
}
