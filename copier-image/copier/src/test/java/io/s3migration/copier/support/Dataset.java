package io.s3migration.copier.support;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated objects (seeded, so reproducible) and how to upload them with a plain client. */
public final class Dataset {
    public record Item(String key, byte[] content, String contentType, Map<String, String> userMetadata,
                       String cacheControl, String contentDisposition, String contentLanguage) {
    }

    private final List<Item> items = new ArrayList<>();
    private final Random random;

    public Dataset(long seed) {
        this.random = new Random(seed);
    }

    public List<Item> items() {
        return items;
    }

    public long totalBytes() {
        return items.stream().mapToLong(i -> i.content().length).sum();
    }

    public Dataset add(String key, int size, String contentType, Map<String, String> userMetadata) {
        return add(new Item(key, bytes(size), contentType, userMetadata, null, null, null));
    }

    public Dataset add(Item item) {
        items.add(item);
        return this;
    }

    /** The phase-1 corpus: {@code smallCount} small objects, a 0-byte one, spaces and non-ASCII keys, metadata. */
    public static Dataset standard(int smallCount, int largeBytes) {
        Dataset d = new Dataset(42);
        for (int i = 0; i < smallCount; i++) {
            Map<String, String> meta = i % 3 == 0 ? Map.of("origin", "generator", "index", Integer.toString(i)) : Map.of();
            d.add("data/file-" + String.format("%04d", i) + ".bin", 1 + d.random.nextInt(6000),
                    i % 2 == 0 ? "application/octet-stream" : "text/plain", meta);
        }
        d.add("empty.dat", 0, "application/x-empty", Map.of("note", "zero bytes"));
        d.add("docs/with space and more spaces.txt", 300, "text/plain; charset=utf-8", Map.of("kind", "spaces"));
        d.add("unicode/größe-ü-日本語.txt", 512, "text/plain; charset=utf-8", Map.of("kind", "non-ascii"));
        d.add("unicode/emoji-😀-file.txt", 77, "text/plain", Map.of());
        d.add("unicode/\uFF21-fullwidth.txt", 78, "text/plain", Map.of());
        d.add(new Item("docs/report.html", d.bytes(2048), "text/html", Map.of("author", "tester", "rev", "7"),
                "max-age=3600", "attachment; filename=\"report.html\"", "de-DE"));
        if (largeBytes > 0) {
            d.add("big/large-object.bin", largeBytes, "application/zip", Map.of("kind", "multipart"));
        }
        return d;
    }

    public byte[] bytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    public void uploadTo(S3Client s3, String bucket, String prefix) {
        for (Item i : items) {
            s3.putObject(request(bucket, prefix + i.key(), i), RequestBody.fromBytes(i.content()));
        }
    }

    /** Uploads one item as a real multipart upload, so its ETag is a multipart ETag. */
    public static void uploadMultipart(S3Client s3, String bucket, String key, byte[] content, int partSize,
                                       Map<String, String> userMetadata) {
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType("application/octet-stream").metadata(userMetadata).build()).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int n = 1, off = 0; off < content.length; n++, off += partSize) {
            int len = Math.min(partSize, content.length - off);
            byte[] part = java.util.Arrays.copyOfRange(content, off, off + len);
            String eTag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(n).build(), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(eTag).build());
        }
        s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
    }

    private static PutObjectRequest request(String bucket, String key, Item i) {
        Map<String, String> meta = new LinkedHashMap<>(i.userMetadata());
        return PutObjectRequest.builder().bucket(bucket).key(key).contentType(i.contentType()).metadata(meta)
                .cacheControl(i.cacheControl()).contentDisposition(i.contentDisposition())
                .contentLanguage(i.contentLanguage()).build();
    }
}
