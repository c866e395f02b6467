package io.s3migration.copier.client;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.util.function.Supplier;

/**
 * The requests that move the bytes and the keys: ListObjectsV2 for every page, GetObject, PutObject and UploadPart
 * for every object or part, in the SDK's own model types, and the HeadObject that reads what an earlier copy recorded
 * at the destination (one per object on a re-run whose destination copies are newer than their sources). Two ways to
 * send them: through the SDK client's full pipeline ({@link #through}), or signed and sent directly
 * ({@link DirectHotPath}), which on 20,000 small objects spends far less CPU per request. Everything else (creating,
 * completing and aborting uploads, tags, server-side copies, pre-flight) always goes through the SDK client.
 */
public interface HotPath extends AutoCloseable {

    ListObjectsV2Response listObjectsV2(ListObjectsV2Request request);

    ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request);

    PutObjectResponse putObject(PutObjectRequest request, RequestBody body);

    HeadObjectResponse headObject(HeadObjectRequest request);

    UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body);

    /**
     * Whether this path can ask the server if it checks a trailing CRC32C ({@link #checksTrailingCrc32c}): the direct
     * path only, since through the SDK client no wrong checksum can be sent.
     */
    default boolean asksAboutTrailingChecksums() {
        return false;
    }

    /**
     * Whether the server checks a trailing CRC32C (an UploadPart's {@code checksumAlgorithm}), asked with
     * parts of {@code uploadId}, an upload of {@code key} that the caller made and aborts.
     */
    default TrailerCheck checksTrailingCrc32c(String key, String uploadId) {
        throw new UnsupportedOperationException("only the direct request path asks about trailing checksums");
    }

    @Override
    void close();

    /**
     * The five requests through the SDK client's pipeline (its own retries, interceptors and checksums), the client
     * asked for at each request (it may be built on first use).
     */
    static HotPath through(Supplier<S3Client> s3) {
        return new HotPath() {
            @Override
            public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
                return s3.get().listObjectsV2(request);
            }

            @Override
            public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
                return s3.get().getObject(request);
            }

            @Override
            public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
                return s3.get().putObject(request, body);
            }

            @Override
            public HeadObjectResponse headObject(HeadObjectRequest request) {
                return s3.get().headObject(request);
            }

            @Override
            public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
                return s3.get().uploadPart(request, body);
            }

            @Override
            public void close() {
                // the client is the caller's
            }
        };
    }
}
