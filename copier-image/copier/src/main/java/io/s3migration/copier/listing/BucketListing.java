package io.s3migration.copier.listing;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
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

    public BucketListing(HotPath s3, Bucket bucket, Side side, int pageSize, KeyFilter filter) {
        this.s3 = s3;
        this.bucket = bucket;
        this.side = side;
        this.pageSize = bucket.exactKey() ? 1 : pageSize;
        this.filter = filter;
    }

    public BucketListing(HotPath s3, Bucket bucket, Side side, int pageSize) {
        this(s3, bucket, side, pageSize, KeyFilter.all(bucket));
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

    /** As {@link #objects(String, String)}, reading up to {@code pagesAhead} pages ahead, seen by {@code watcher}. */
    public Listing objects(String afterRelativeKey, String upToRelativeKey, int pagesAhead, Listing.Watcher watcher) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(bucket.bucket())
                .maxKeys(pageSize);
        if (!bucket.prefix().isEmpty()) {
            request.prefix(bucket.prefix());
        }
        if (afterRelativeKey != null) {
            request.startAfter(bucket.key(afterRelativeKey));
        }
        Iterator<List<ListedObject>> pages = new Iterator<>() {
            private ListObjectsV2Response page; // the last page read; null: none yet
            private boolean pastRange;
            private boolean onePageRead;

            @Override
            public boolean hasNext() {
                // A single key is the first key of its prefix, or absent: one page of one key says which.
                return !pastRange && !(bucket.exactKey() && onePageRead) && (page == null || morePages(page));
            }

            @Override
            public List<ListedObject> next() {
                page = pageAfter(request, page);
                List<S3Object> contents = page.contents();
                onePageRead = true;
                List<ListedObject> page = new ArrayList<>(contents.size());
                for (S3Object o : contents) {
                    String key = bucket.relativeKey(o.key());
                    if (upToRelativeKey != null && KeyOrder.INSTANCE.compare(key, upToRelativeKey) > 0) {
                        pastRange = true; // keys come in order: the rest of this page and every later one lie beyond too
                        break;
                    }
                    if (filter.accepts(o.key())) {
                        page.add(new ListedObject(key, o.size(), ListedObject.unquote(o.eTag()),
                                o.storageClassAsString(), o.lastModified()));
                    }
                }
                return page;
            }
        };
        return new Listing(pages, "copier-list-" + side.name().toLowerCase(Locale.ROOT), pagesAhead, watcher);
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
            return SideFailure.on(side, () -> s3.listObjectsV2(request.build()).contents().stream().findFirst()
                    .map(S3Object::key).filter(filter::accepts));
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
        return SideFailure.on(side, () -> s3.listObjectsV2(ask));
    }

    /** Whether another page follows (as the SDK's paginator reads it: a continuation token came back). */
    private static boolean morePages(ListObjectsV2Response page) {
        return page.nextContinuationToken() != null && !page.nextContinuationToken().isEmpty();
    }
}
