package io.s3migration.copier.listing;

import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.KeyOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A bucket (under its prefix) as a key-ordered stream of objects, a few ListObjectsV2 pages at a time, so any
 * number of keys fits in bounded memory. Errors come tagged with the side listed.
 */
public final class BucketListing {
    private final S3Client s3;
    private final Bucket bucket;
    private final Side side;
    private final int pageSize;

    public BucketListing(S3Client s3, Bucket bucket, Side side, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.side = side;
        this.pageSize = pageSize;
    }

    public BucketListing(S3Client s3, Bucket bucket, Side side) {
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
            private Iterator<ListObjectsV2Response> raw;
            private boolean pastRange;

            @Override
            public boolean hasNext() {
                return !pastRange && SideFailure.on(side, () -> raw().hasNext());
            }

            @Override
            public List<ListedObject> next() {
                List<S3Object> contents = SideFailure.on(side, () -> raw().next().contents());
                List<ListedObject> page = new ArrayList<>(contents.size());
                for (S3Object o : contents) {
                    String key = bucket.relativeKey(o.key());
                    if (upToRelativeKey != null && KeyOrder.INSTANCE.compare(key, upToRelativeKey) > 0) {
                        pastRange = true; // keys come in order: the rest of this page and every later one lie beyond too
                        break;
                    }
                    page.add(new ListedObject(key, o.size(), ListedObject.unquote(o.eTag()),
                            o.storageClassAsString(), o.lastModified()));
                }
                return page;
            }

            private Iterator<ListObjectsV2Response> raw() {
                if (raw == null) {
                    raw = s3.listObjectsV2Paginator(request.build()).iterator();
                }
                return raw;
            }
        };
        return new Listing(pages, "copier-list-" + side.name().toLowerCase(Locale.ROOT));
    }

    /** The first key (with the prefix), from a one-key page: enough to prove the side can be listed and is not empty. */
    public java.util.Optional<String> firstKey() {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.bucket()).maxKeys(1);
        if (!bucket.prefix().isEmpty()) {
            request.prefix(bucket.prefix());
        }
        return SideFailure.on(side, () -> s3.listObjectsV2(request.build()).contents().stream().findFirst().map(o -> o.key()));
    }
}
