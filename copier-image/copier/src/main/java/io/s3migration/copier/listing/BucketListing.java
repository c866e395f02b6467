package io.s3migration.copier.listing;

import io.s3migration.copier.Side;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.Iterator;

/**
 * A bucket (under its prefix) as a lazy, key-ordered stream of objects: one ListObjectsV2 page is held at a
 * time, so any number of keys fits in bounded memory. Errors come tagged with the side listed.
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

    /** Every object under the prefix whose relative key sorts after {@code afterRelativeKey} (null: from the start). */
    public Iterator<ListedObject> objects(String afterRelativeKey) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(bucket.bucket())
                .maxKeys(pageSize);
        if (!bucket.prefix().isEmpty()) {
            request.prefix(bucket.prefix());
        }
        if (afterRelativeKey != null) {
            request.startAfter(bucket.prefix() + afterRelativeKey);
        }
        int prefixLength = bucket.prefix().length();
        return new Iterator<>() {
            private Iterator<S3Object> raw;

            @Override
            public boolean hasNext() {
                return SideFailure.on(side, () -> pages().hasNext());
            }

            @Override
            public ListedObject next() {
                S3Object o = SideFailure.on(side, () -> pages().next());
                return new ListedObject(o.key().substring(prefixLength), o.size(), ListedObject.unquote(o.eTag()),
                        o.storageClassAsString());
            }

            private Iterator<S3Object> pages() {
                if (raw == null) {
                    raw = s3.listObjectsV2Paginator(request.build()).contents().iterator();
                }
                return raw;
            }
        };
    }

    /** The first page only: enough to prove the source can be listed and is not empty. */
    public boolean hasAnyObject() {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket.bucket()).maxKeys(1);
        if (!bucket.prefix().isEmpty()) {
            request.prefix(bucket.prefix());
        }
        return SideFailure.on(side, () -> !s3.listObjectsV2(request.build()).contents().isEmpty());
    }
}
