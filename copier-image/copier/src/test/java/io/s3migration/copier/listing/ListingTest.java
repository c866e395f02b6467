package io.s3migration.copier.listing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingTest {

    @Test
    void deliversEveryObjectInOrderAcrossPages() {
        try (Listing listing = new Listing(pages(5, 3, null, new AtomicInteger()), "test-list")) {
            List<String> keys = new ArrayList<>();
            listing.forEachRemaining(o -> keys.add(o.key()));
            assertEquals(15, keys.size());
            assertEquals("p0-0", keys.get(0));
            assertEquals("p4-2", keys.get(14));
            assertFalse(listing.hasNext());
        }
    }

    @Test
    void fetchesAheadButHoldsAtMostAFewPages() throws InterruptedException {
        AtomicInteger fetched = new AtomicInteger();
        try (Listing listing = new Listing(pages(100, 1000, null, fetched), "test-list")) {
            // nothing consumed yet: the fetcher fills the queue and one page in its hand, then waits
            within5s(() -> fetched.get() == Listing.PAGES_AHEAD + 1);
            Thread.sleep(300);
            assertEquals(Listing.PAGES_AHEAD + 1, fetched.get(), "bounded read-ahead: memory stays bounded");
            assertTrue(listing.hasNext());
        }
    }

    @Test
    void aFailedPageIsThrownToTheReaderAfterTheGoodOnes() {
        RuntimeException boom = new IllegalStateException("503 SlowDown on page 2");
        try (Listing listing = new Listing(pages(5, 2, boom, new AtomicInteger()), "test-list")) {
            assertEquals("p0-0", listing.next().key());
            assertEquals("p0-1", listing.next().key());
            assertEquals("p1-0", listing.next().key());
            assertEquals("p1-1", listing.next().key());
            assertSame(boom, assertThrows(IllegalStateException.class, listing::hasNext));
            assertFalse(listing.hasNext(), "a failed listing stays finished");
        }
    }

    @Test
    void closingStopsTheFetchingThread() throws InterruptedException {
        Listing listing = new Listing(pages(Integer.MAX_VALUE, 10, null, new AtomicInteger()), "test-list-close");
        listing.next();
        assertTrue(fetcherAlive());
        listing.close();
        within5s(() -> !fetcherAlive());
    }

    private static boolean fetcherAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-list-close"));
    }

    private static void within5s(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            Thread.sleep(20);
        }
    }

    /** {@code count} pages of {@code size} objects; page 2 throws {@code failure} when it is not null. */
    private static Iterator<List<ListedObject>> pages(int count, int size, RuntimeException failure, AtomicInteger fetched) {
        return new Iterator<>() {
            int page;

            @Override
            public boolean hasNext() {
                return page < count;
            }

            @Override
            public List<ListedObject> next() {
                if (failure != null && page == 2) {
                    throw failure;
                }
                List<ListedObject> objects = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    objects.add(new ListedObject("p" + page + "-" + i, 1, "etag", null, null));
                }
                page++;
                fetched.incrementAndGet();
                return objects;
            }
        };
    }
}
