package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedOnceTest {

    @Test
    void asksTheSdkOncePerBucketAndGivesItsAnswer() {
        AtomicInteger asked = new AtomicInteger();
        S3EndpointProvider sdk = S3EndpointProvider.defaultProvider();
        S3EndpointProvider counting = params -> {
            asked.incrementAndGet();
            return sdk.resolveEndpoint(params);
        };
        S3EndpointProvider cached = ResolvedOnce.endpoints(counting);

        for (int i = 0; i < 100; i++) {
            URI url = cached.resolveEndpoint(params("photos", "dir/obj-" + i)).join().url();
            assertEquals(URI.create("http://127.0.0.1:9000/photos"), url, "the SDK's own answer (path-style)");
        }
        Endpoint other = cached.resolveEndpoint(params("archive", "k")).join();

        assertEquals(URI.create("http://127.0.0.1:9000/archive"), other.url());
        assertEquals(2, asked.get(), "one rules-engine run per bucket, not per request");
    }

    @Test
    void keyDependentBucketsAreNotCached() {
        assertTrue(ResolvedOnce.cacheable("photos", null, null));
        assertFalse(ResolvedOnce.cacheable("arn:aws:s3:us-east-1:123456789012:accesspoint/ap", null, null));
        assertFalse(ResolvedOnce.cacheable("fast--use1-az4--x-s3", null, null), "S3 Express directory bucket");
        assertFalse(ResolvedOnce.cacheable("photos", true, null), "object lambda");
        assertFalse(ResolvedOnce.cacheable("photos", null, true), "S3 Express control endpoint");
        assertFalse(ResolvedOnce.cacheable(null, null, null), "no bucket (ListBuckets)");
    }

    private static S3EndpointParams params(String bucket, String key) {
        return S3EndpointParams.builder().bucket(bucket).key(key).region(Region.US_EAST_1)
                .endpoint("http://127.0.0.1:9000").forcePathStyle(true).useFips(false).useDualStack(false)
                .accelerate(false).build();
    }
}
