package io.s3migration.copier.listing;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.KeyOrder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A bucket (under its prefix) as a key-ordered stream of objects, a few ListObjectsV2 pages at a time, so any
 * number of keys fits in bounded memory. Errors come tagged with the side listed. Only keys its {@link KeyFilter}
 * accepts are listed; a single-key side is one request of one key (the key sorts before every other key it prefixes).
 */
public final class BucketListing {
    private final HotPath s3;
    private final Bucket bucket;
    private final Side side;
    private final int pageSize;
    private final KeyFilter filter;
    private final int threads;

    /** {@code threads}: how many parts of a listing from the start are listed at once (see {@link #threadsFor}). */
    public BucketListing(HotPath s3, Bucket bucket, Side side, int pageSize, KeyFilter filter, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a listing needs at least one thread, got " + threads);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.side = side;
        this.pageSize = bucket.exactKey() ? 1 : pageSize;
        this.filter = filter;
        this.threads = threads;
    }

    public BucketListing(HotPath s3, Bucket bucket, Side side, int pageSize) {
        this(s3, bucket, side, pageSize, KeyFilter.all(bucket), THREADS);
    }

    public BucketListing(HotPath s3, Bucket bucket, Side side) {
        this(s3, bucket, side, 1000);
    }

    /**
     * Every object under the prefix whose relative key sorts after {@code afterRelativeKey} (null: from the
     * start), fetched ahead on a thread of its own.
     */
    public Listing objects(String afterRelativeKey) {
        return objects(afterRelativeKey, null);
    }

    /**
     * As {@link #objects(String)}, ending with the relative key {@code upToRelativeKey} (inclusive; null: the last
     * key): a shard's range. No page is requested after the one that reaches past it.
     */
    public Listing objects(String afterRelativeKey, String upToRelativeKey) {
        return objects(afterRelativeKey, upToRelativeKey, Listing.PAGES_AHEAD, Listing.Watcher.NONE);
    }

    /**
     * As {@link #objects(String, String)}, reading up to {@code pagesAhead} pages ahead, seen by {@code watcher}. A
     * listing from the start is listed in parts by its threads at once ({@link PartitionPlan}), if it has more than one;
     * one that starts after a key (a shard's range, a resumed run) is listed flat: how a delimiter listing that starts
     * inside a folder shows that folder differs between servers.
     */
    public Listing objects(String afterRelativeKey, String upToRelativeKey, int pagesAhead, Listing.Watcher watcher) {
        String upTo = upToRelativeKey == null ? null : bucket.key(upToRelativeKey);
        String threadName = "copier-list-" + side.name().toLowerCase(Locale.ROOT);
        // one thread: parts one after another would only add the delimiter listings' requests
        Iterator<List<ListedObject>> pages = afterRelativeKey != null || bucket.exactKey() || threads == 1
                ? flatPages(new PartitionPlan.Flat(bucket.prefix(), afterRelativeKey == null ? null : bucket.key(afterRelativeKey)), upTo)
                : new PartitionedPages(
                        workers -> PartitionPlan.plan(bucket.prefix(), upTo, threads, this::delimited, workers),
                        flat -> flatPages(flat, upTo), objects -> accepted(objects, upTo, new boolean[1]), threads, threadName);
        return new Listing(pages, threadName, pagesAhead, watcher);
    }

    /** Parts of a listing listed at once: s3sync's default. */
    public static final int THREADS = 16;

    /**
     * Parts listed at once in a run with {@code config}: {@value #THREADS}, never more than its workers
     * ({@code S3M_CONCURRENCY}, at least 1), so a run told to go gently on an endpoint that throttles lists gently too.
     */
    public static int threadsFor(CopierConfig config) {
        return Math.min(THREADS, config.get(CopierSettings.CONCURRENCY));
    }

    /** The pages of every key under {@code part}'s prefix after its start, up to the full key {@code upTo} (null: all). */
    private Iterator<List<ListedObject>> flatPages(PartitionPlan.Flat part, String upTo) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(bucket.bucket())
                .maxKeys(pageSize);
        if (!part.prefix().isEmpty()) {
            request.prefix(part.prefix());
        }
        if (part.startAfter() != null) {
            request.startAfter(part.startAfter());
        }
        return new Iterator<>() {
            private ListObjectsV2Response page; // the last page read; null: none yet
            private final boolean[] pastRange = new boolean[1];
            private boolean onePageRead;

            @Override
            public boolean hasNext() {
                // A single key is the first key of its prefix, or absent: one page of one key says which.
                return !pastRange[0] && !(bucket.exactKey() && onePageRead) && (page == null || morePages(page));
            }

            @Override
            public List<ListedObject> next() {
                page = pageAfter(request, page);
                onePageRead = true;
                return accepted(page.contents(), upTo, pastRange);
            }
        };
    }

    /**
     * The objects the filter accepts up to the full key {@code upTo}, as listed objects; {@code pastRange[0]} set when
     * one lies beyond it: keys come in order, so every later one does too.
     */
    private List<ListedObject> accepted(List<S3Object> contents, String upTo, boolean[] pastRange) {
        List<ListedObject> page = new ArrayList<>(contents.size());
        for (S3Object o : contents) {
            if (upTo != null && KeyOrder.INSTANCE.compare(o.key(), upTo) > 0) {
                pastRange[0] = true;
                break;
            }
            if (filter.accepts(o.key())) {
                page.add(new ListedObject(bucket.relativeKey(o.key()), o.size(), ListedObject.unquote(o.eTag()),
                        o.storageClassAsString(), o.lastModified()));
            }
        }
        return page;
    }

    /** The first page of the delimiter ({@code /}) listing of the full prefix {@code prefix}. */
    private ListObjectsV2Response delimited(String prefix) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.bucket()).delimiter("/")
                .maxKeys(1000);
        if (!prefix.isEmpty()) {
            request.prefix(prefix);
        }
        return pageAfter(request, null);
    }

    /**
     * The first key (with the prefix) the filter accepts: enough to prove the side can be listed and is not empty. One
     * page of one key, unless keys are excluded (reports), which the listing then pages past.
     */
    public java.util.Optional<String> firstKey() {
        boolean pagesPastExcluded = filter.excludedPrefix() != null && !bucket.exactKey();
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.bucket()).maxKeys(pagesPastExcluded ? pageSize : 1);
        if (!bucket.prefix().isEmpty()) {
            request.prefix(bucket.prefix());
        }
        if (!pagesPastExcluded) {
            return list(request.build()).contents().stream().findFirst().map(S3Object::key).filter(filter::accepts);
        }
        ListObjectsV2Response page = null;
        do {
            page = pageAfter(request, page);
            java.util.Optional<String> first = page.contents().stream().map(S3Object::key).filter(filter::accepts).findFirst();
            if (first.isPresent()) {
                return first;
            }
        } while (morePages(page));
        return java.util.Optional.empty();
    }

    /** The first page of {@code request} (previous null), or the one after {@code previous}. */
    private ListObjectsV2Response pageAfter(ListObjectsV2Request.Builder request, ListObjectsV2Response previous) {
        ListObjectsV2Request ask = previous == null ? request.build()
                : request.copy().continuationToken(previous.nextContinuationToken()).build();
        return list(ask);
    }

    /**
     * One page, tried again on a transient failure as an object would be ({@link Retry#DEFAULT}): one page failing
     * ends the whole run, so a reset on a page must not cost more than a reset on an object.
     */
    private ListObjectsV2Response list(ListObjectsV2Request request) {
        return Retry.DEFAULT.runWhileReachable(side, () -> s3.listObjectsV2(request));
    }

    /** Whether another page follows (as the SDK's paginator reads it: a continuation token came back). */
    private static boolean morePages(ListObjectsV2Response page) {
        return page.nextContinuationToken() != null && !page.nextContinuationToken().isEmpty();
    }
}
