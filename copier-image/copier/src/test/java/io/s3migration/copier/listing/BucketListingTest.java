package io.s3migration.copier.listing;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Bucket;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A listing's pages on a server whose connections fail: one page failing ends a run, so a page is tried again. */
class BucketListingTest {
    private static final Bucket BUCKET = new Bucket("http://127.0.0.1:9", "us-east-1", "b", "", true);
    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f", "g");

    /** Lists {@link #KEYS} two to a page; the first request for each page fails with {@code failure}. */
    private static final class FlakyServer implements HotPath {
        final RuntimeException failure;
        final Set<String> failedOnce = new HashSet<>();
        final AtomicInteger requests = new AtomicInteger();

        FlakyServer(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public synchronized ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
            requests.incrementAndGet();
            String token = request.continuationToken() == null ? "0" : request.continuationToken();
            if (failedOnce.add(token)) {
                throw failure;
            }
            int from = Integer.parseInt(token);
            int to = Math.min(KEYS.size(), from + request.maxKeys());
            ListObjectsV2Response.Builder page = ListObjectsV2Response.builder()
                    .contents(KEYS.subList(from, to).stream().map(k -> S3Object.builder().key(k).size(1L).eTag("\"e\"").build()).toList());
            return (to < KEYS.size() ? page.nextContinuationToken(Integer.toString(to)).isTruncated(true) : page.isTruncated(false)).build();
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static BucketListing listing(FlakyServer server) {
        return new BucketListing(server, BUCKET, Side.SOURCE, 2, KeyFilter.all(BUCKET), 1);
    }

    @Test
    void aPageWhoseConnectionIsResetIsAskedForAgainAndNoKeyIsLostOrRepeated() {
        FlakyServer server = new FlakyServer(SdkClientException.create("read failed", new SocketException("Connection reset")));
        List<String> listed = new ArrayList<>();
        try (Listing objects = listing(server).objects(null)) {
            objects.forEachRemaining(o -> listed.add(o.key()));
        }
        assertEquals(KEYS, listed);
        assertEquals(8, server.requests.get(), "4 pages, each asked for twice");
    }

    @Test
    void aServerThatCannotBeReachedEndsTheListingAtTheFirstRequest() {
        FlakyServer server = new FlakyServer(SdkClientException.create("connect failed", new ConnectException("Connection refused")));
        SideFailure failure = assertThrows(SideFailure.class, () -> listing(server).firstKey());
        assertEquals(Side.SOURCE, failure.side());
        assertInstanceOf(SdkClientException.class, failure.getCause());
        assertEquals(1, server.requests.get());
    }
}
