package io.s3migration.copier.plan;

import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * The evidence a {@link Decision.Confirm} waits for: the source ETag a copy recorded in the destination object's
 * user metadata ({@link Evidence#SOURCE_ETAG_METADATA}), read with one HEAD at the destination.
 */
public final class RecordedSourceETag {
    private final Supplier<S3Client> destination;
    private final Bucket destinationBucket;

    public RecordedSourceETag(Supplier<S3Client> destination, Bucket destinationBucket) {
        this.destination = destination;
        this.destinationBucket = destinationBucket;
    }

    /** The source ETag an earlier copy of {@code object} recorded at the destination, or null. */
    public String read(ListedObject object) {
        return SideFailure.on(Side.DESTINATION, () -> destination.get().headObject(HeadObjectRequest.builder()
                        .bucket(destinationBucket.bucket()).key(destinationBucket.key(object.key())).build()))
                .metadata().get(Evidence.SOURCE_ETAG_METADATA);
    }
}
