package io.s3migration.copier.listing;

import io.s3migration.copier.listing.PartitionPlan.Flat;
import io.s3migration.copier.listing.PartitionPlan.Folder;
import io.s3migration.copier.listing.PartitionPlan.Listed;
import io.s3migration.copier.listing.PartitionPlan.Part;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionedPagesTest {
    private final Map<String, AtomicInteger> pagesRead = new ConcurrentHashMap<>();
    private final AtomicInteger listingAtOnce = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    /** When set, a part's first page waits (5 s at most) for another part's to be asked for at the same time. */
    private CountDownLatch together;

    /** {@code pages} pages of 3 keys under the part's prefix, each page a few milliseconds' wait; null: endless. */
    private Iterator<List<ListedObject>> pagesOf(Flat part, Integer pages, RuntimeException failure) {
        return new Iterator<>() {
            int page;

            @Override
            public boolean hasNext() {
                return pages == null || page < pages;
            }

            @Override
            public List<ListedObject> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int now = listingAtOnce.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                try {
                    if (together != null && page == 0) {
                        together.countDown();
                        together.await(5, TimeUnit.SECONDS);
                    }
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    listingAtOnce.decrementAndGet();
                }
                pagesRead.computeIfAbsent(part.prefix(), p -> new AtomicInteger()).incrementAndGet();
                if (failure != null && page == 1) {
                    throw failure;
                }
                int p = page++;
                return IntStream.range(0, 3).mapToObj(i -> object(part.prefix() + p + "-" + i)).toList();
            }
        };
    }

    private static ListedObject object(String key) {
        return new ListedObject(key, 1, "e", "STANDARD", null);
    }

    private PartitionedPages pages(List<Part> plan, int threads, Integer pagesPerPart, String failingPrefix, RuntimeException failure) {
        return new PartitionedPages(workers -> plan,
                flat -> pagesOf(flat, pagesPerPart, flat.prefix().equals(failingPrefix) ? failure : null),
                objects -> objects.stream().map(o -> object(o.key())).toList(), threads, "test-parts");
    }

    private static List<String> keys(Iterator<List<ListedObject>> pages) {
        List<String> keys = new ArrayList<>();
        pages.forEachRemaining(page -> page.forEach(o -> keys.add(o.key())));
        return keys;
    }

    @Test
    void partsListedAtOnceComeOutInTheirOrder() {
        List<Part> plan = List.of(new Folder("a/"), new Listed(List.of(S3Object.builder().key("b").build())),
                new Folder("c/"), new Flat("d", "d0"), new Folder("e/"));
        together = new CountDownLatch(2);
        try (PartitionedPages pages = pages(plan, 3, 4, null, null)) {
            List<String> expected = new ArrayList<>();
            for (String prefix : List.of("a/", "b", "c/", "d", "e/")) {
                if (prefix.equals("b")) {
                    expected.add("b");
                } else {
                    for (int p = 0; p < 4; p++) {
                        for (int i = 0; i < 3; i++) {
                            expected.add(prefix + p + "-" + i);
                        }
                    }
                }
            }
            assertEquals(expected, keys(pages));
            assertFalse(pages.hasNext());
        }
        assertTrue(mostAtOnce.get() >= 2, "parts listed at the same time: at most " + mostAtOnce.get() + " at once");
        assertTrue(mostAtOnce.get() <= 3, "no more than the threads: " + mostAtOnce.get());
    }

    @Test
    void eachPartAheadHoldsAFewPagesOnly() throws InterruptedException {
        List<Part> plan = List.of(new Folder("a/"), new Folder("b/"), new Folder("c/"));
        try (PartitionedPages pages = pages(plan, 3, null, null, null)) {
            assertTrue(pages.hasNext());
            Thread.sleep(400);
            for (String prefix : List.of("a/", "b/", "c/")) {
                int read = pagesRead.get(prefix).get();
                // the queue's pages and one in the lister's hand (the first part's first page is taken already)
                assertTrue(read <= PartitionedPages.PAGES_AHEAD + 2, prefix + " read " + read + " pages ahead");
            }
        }
    }

    @Test
    void aFailedPartIsThrownWhereItsPagesWouldHaveCome() {
        RuntimeException boom = new IllegalStateException("503 SlowDown");
        List<Part> plan = List.of(new Folder("a/"), new Folder("b/"), new Folder("c/"));
        try (PartitionedPages pages = pages(plan, 3, 2, "b/", boom)) {
            List<String> keys = new ArrayList<>();
            RuntimeException thrown = assertThrows(IllegalStateException.class,
                    () -> pages.forEachRemaining(page -> page.forEach(o -> keys.add(o.key()))));
            assertSame(boom, thrown);
            assertEquals(List.of("a/0-0", "a/0-1", "a/0-2", "a/1-0", "a/1-1", "a/1-2", "b/0-0", "b/0-1", "b/0-2"), keys,
                    "the parts before it whole, then the failed part's pages up to its failure");
        }
    }

    @Test
    void closingStopsTheListingThreads() throws InterruptedException {
        PartitionedPages pages = pages(List.of(new Folder("a/"), new Folder("b/")), 2, null, null, null);
        pages.next();
        assertTrue(threadsAlive() > 0);
        pages.close();
        assertEquals(0, threadsAliveAfter5s(), "listing threads still running after close");
    }

    @Test
    void aFailedPlanIsThrownAndStopsTheThreadsThatLookedForFolders() throws InterruptedException {
        RuntimeException denied = new IllegalStateException("403 AccessDenied on a folder");
        PartitionedPages pages = new PartitionedPages(workers -> {
            workers.execute(() -> { }); // a folder's delimiter listing ran on a thread of the listing's
            throw denied;
        }, flat -> pagesOf(flat, 1, null), objects -> List.of(), 2, "test-parts");
        assertSame(denied, assertThrows(IllegalStateException.class, pages::hasNext));
        assertEquals(0, threadsAliveAfter5s(), "listing threads still running after a failed plan");
    }

    @Test
    void aPlanWithNothingEndsAtOnce() {
        try (PartitionedPages pages = pages(List.of(), 4, 1, null, null)) {
            assertFalse(pages.hasNext());
            assertThrows(NoSuchElementException.class, pages::next);
        }
    }

    /** The listing threads still alive once they all ended, or 5 s passed. */
    private static long threadsAliveAfter5s() throws InterruptedException {
        for (int i = 0; i < 100 && threadsAlive() > 0; i++) {
            Thread.sleep(50);
        }
        return threadsAlive();
    }

    private static long threadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("test-parts-") && t.isAlive()).count();
    }
}
