package io.s3migration.copier.shard;

import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;

/**
 * The source under its prefix as the planner samples it: one ListObjectsV2 request per call (tried again on a transient
 * failure), keys relative to the prefix.
 */
public final class S3KeySpace implements KeySpace {
    private final S3Client s3;
    private final Bucket bucket;

    public S3KeySpace(S3Client s3, Bucket bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Page keysAfter(String after, int max) {
        ListObjectsV2Request.Builder request = request().maxKeys(max);
        if (after != null) {
            request.startAfter(bucket.key(after));
        }
        ListObjectsV2Response page = list(request);
        List<String> keys = page.contents().stream().map(S3Object::key).map(bucket::relativeKey).toList();
        return new Page(keys, !Boolean.TRUE.equals(page.isTruncated()));
    }

    @Override
    public List<String> prefixesUnder(String prefix) {
        return list(request().prefix(bucket.key(prefix)).delimiter("/")).commonPrefixes().stream().map(CommonPrefix::prefix)
                .map(bucket::relativeKey).toList();
    }

    private ListObjectsV2Request.Builder request() {
        return ListObjectsV2Request.builder().bucket(bucket.bucket()).prefix(bucket.prefix().isEmpty() ? null : bucket.prefix());
    }

    private ListObjectsV2Response list(ListObjectsV2Request.Builder request) {
        ListObjectsV2Request ask = request.build();
        return Retry.DEFAULT.runWhileReachable(Side.SOURCE, () -> s3.listObjectsV2(ask));
    }
}
