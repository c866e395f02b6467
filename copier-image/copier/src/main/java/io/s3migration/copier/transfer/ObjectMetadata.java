package io.s3migration.copier.transfer;

import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers and user metadata a copy carries over from the source object. */
public record ObjectMetadata(String contentType, String cacheControl, String contentDisposition,
                             String contentEncoding, String contentLanguage, Instant expires,
                             Map<String, String> userMetadata) {

    public ObjectMetadata {
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }

    public static ObjectMetadata of(GetObjectResponse r) {
        return new ObjectMetadata(r.contentType(), r.cacheControl(), r.contentDisposition(), r.contentEncoding(),
                r.contentLanguage(), r.expires(), r.metadata());
    }

    public static ObjectMetadata of(HeadObjectResponse r) {
        return new ObjectMetadata(r.contentType(), r.cacheControl(), r.contentDisposition(), r.contentEncoding(),
                r.contentLanguage(), r.expires(), r.metadata());
    }

    /** Only the content type: what is kept when metadata preservation is off. */
    public ObjectMetadata contentTypeOnly() {
        return new ObjectMetadata(contentType, null, null, null, null, null, Map.of());
    }

    public ObjectMetadata withUserMetadata(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(userMetadata);
        more.put(name, value);
        return new ObjectMetadata(contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage,
                expires, more);
    }

    public PutObjectRequest.Builder applyTo(PutObjectRequest.Builder b) {
        return b.contentType(contentType).cacheControl(cacheControl).contentDisposition(contentDisposition)
                .contentEncoding(contentEncoding).contentLanguage(contentLanguage).expires(expires)
                .metadata(userMetadata);
    }

    public CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder b) {
        return b.contentType(contentType).cacheControl(cacheControl).contentDisposition(contentDisposition)
                .contentEncoding(contentEncoding).contentLanguage(contentLanguage).expires(expires)
                .metadata(userMetadata);
    }
}
