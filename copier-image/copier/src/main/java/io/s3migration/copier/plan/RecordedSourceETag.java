package io.s3migration.copier.plan;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * The evidence a {@link Decision.Confirm} waits for: the source ETag a copy recorded in the destination object's
 * user metadata ({@link Evidence#SOURCE_ETAG_METADATA}), read with one HEAD at the destination, on the destination's
 * {@link HotPath}: a re-run over copies newer than their sources sends one per object.
 */
public final class RecordedSourceETag {
    private final HotPath destination;
    private final Bucket destinationBucket;

    public RecordedSourceETag(HotPath destination, Bucket destinationBucket) {
        this.destination = destination;
        this.destinationBucket = destinationBucket;
    }

    /** The source ETag an earlier copy of {@code object} recorded at the destination, or null. */
    public String read(ListedObject object) {
        return SideFailure.on(Side.DESTINATION, () -> destination.headObject(HeadObjectRequest.builder()
                        .bucket(destinationBucket.bucket()).key(destinationBucket.key(object.key())).build()))
                .metadata().entrySet().stream()
                // as the server spelled it: some answer with canonical header case (X-Amz-Meta-S3m-Source-Etag)
                .filter(e -> e.getKey().equalsIgnoreCase(Evidence.SOURCE_ETAG_METADATA))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }
}
