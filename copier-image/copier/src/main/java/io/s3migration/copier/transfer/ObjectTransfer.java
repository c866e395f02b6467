package io.s3migration.copier.transfer;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.client.TrailerCheck;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.plan.Evidence;
import io.s3migration.copier.side.Side;
import io.s3migration.copier.side.Sides;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Copies one object from source to destination. Below the multipart threshold, and up to the single-PUT maximum
 * when the source's ETag is a plain MD5: one streamed PUT carrying Content-MD5 from the source's ETag (the
 * destination verifies it). Otherwise: parts in parallel, each a ranged GET (If-Match on the source ETag) streamed
 * into UploadPart. An object the source holds in parts is cut as the source cut it ({@link #sourceLayout}), so the
 * destination's part ETags must add up to the source's own ETag before the upload is completed: every byte checked
 * end to end, none hashed here. Any other is cut into parts of the configured size, each checked by the destination's
 * CRC32C of a trailer where it checks one ({@link DestinationChecksums}), else by its MD5 compared with the part ETag
 * the destination returns. Uploads a killed run left for the same key are aborted afterwards
 * ({@link OpenUploads}).
 * Object tags go along ({@link #tags}: read only for objects that have some).
 * When both sides are the same endpoint, CopyObject / UploadPartCopy move no bytes through the copier (falling
 * back to streaming if the destination's credentials cannot read the source). Never deletes an object at the
 * destination.
 */
public final class ObjectTransfer {
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private final Supplier<S3Client> source;
    private final HotPath sourcePath;
    private final Bucket sourceBucket;
    private final Supplier<S3Client> destination;
    private final HotPath destinationPath;
    private final Bucket destinationBucket;
    private final TransferSettings settings;
    private final AtomicLong bytesCopied;
    private final ExecutorService partPool;
    private final AtomicBoolean serverSide;
    private final OpenUploads uploads;
    private final DestinationChecksums checksums;
    /**
     * Set once layouts cannot prove copies in this run: the destination said it stores part ETags that are no MD5s (KMS,
     * a customer key), in a part's answer or an upload's, or {@link #MAX_LAYOUT_MISSES} objects in a row came out with
     * another ETag than the source's (a provider whose multipart ETags are made otherwise). From then on no source is
     * asked for its layout, so no object is sent twice for it.
     */
    private final AtomicBoolean noLayoutProofs = new AtomicBoolean();
    private final AtomicInteger layoutMissesInARow = new AtomicInteger();
    static final int MAX_LAYOUT_MISSES = 2;

    public ObjectTransfer(Sides sides, TransferSettings settings, AtomicLong bytesCopied, ExecutorService partPool) {
        this.source = sides::source; // built on first use: a run of small objects never needs it
        this.sourcePath = sides.sourcePath();
        this.sourceBucket = sides.config().source();
        this.destination = sides::destination;
        this.destinationPath = sides.destinationPath();
        Bucket destinationBucket = sides.config().destination();
        this.destinationBucket = destinationBucket;
        this.settings = settings;
        this.bytesCopied = bytesCopied;
        this.partPool = partPool;
        this.serverSide = new AtomicBoolean(settings.serverSideCopy());
        this.uploads = new OpenUploads(destination, destinationBucket.bucket(), settings.retry());
        this.checksums = new DestinationChecksums(destination, destinationPath, destinationBucket.bucket(), settings.retry(), uploads);
    }

    /** Copies the object, retrying transient failures; returns the bytes written. */
    public long copy(ListedObject object) {
        if (serverSide.get()) {
            try {
                return object.size() >= settings.multipartThreshold() || object.size() > MAX_SINGLE_COPY
                        ? copyMultipart(object, true)
                        : settings.retry().run(() -> copyServerSide(object));
            } catch (SideFailure e) {
                if (!cannotCopyServerSide(e)) {
                    throw e;
                }
                serverSide.set(false); // the destination's credentials cannot read the source: stream instead
            }
        }
        if (settings.inParts(object.size(), object.eTag())) {
            return copyMultipart(object, false);
        }
        return settings.retry().run(() -> copySingle(object));
    }

    /** The source object's {@code x-amz-restore} header (null: no restore asked for), read with a HEAD. */
    public String restoreState(ListedObject object) {
        return settings.retry().run(() -> headSource(object)).restore();
    }

    /** Whether objects go server-side (same endpoint, and not yet refused). */
    public boolean serverSide() {
        return serverSide.get();
    }

    /** The multipart uploads this transfer opened, and the leftovers of earlier runs it ended. */
    public OpenUploads uploads() {
        return uploads;
    }

    /**
     * For the run's summary: how many parts the destination checked by their CRC32C, or why it checks none (null when
     * no part needed a check of the copier's own).
     */
    public String checksumsChecked() {
        TrailerCheck found = checksums.found();
        if (found == null) {
            return null;
        }
        return found.checks() ? checksums.checked() + " parts checked by the destination's CRC32C"
                : "parts' MD5 compared here: the destination does not check a trailing CRC32C (" + found.answer() + ")";
    }

    private long copySingle(ListedObject object) {
        String key = destinationKey(object); // before the GET: a refused key must not leave its stream open
        ResponseInputStream<GetObjectResponse> in = get(object, null, null);
        GetObjectResponse got = in.response();
        long length = got.contentLength();
        String md5 = Integrity.md5Behind(got.eTag(), got.serverSideEncryption(), got.sseCustomerAlgorithm());
        ObjectMetadata metadata = metadata(ObjectMetadata.of(got));
        if (md5 == null && got.eTag() != null) {
            // the copy's ETag cannot equal the source's: record it, as a multipart copy does, so a re-run can skip
            metadata = metadata.withUserMetadata(Evidence.SOURCE_ETAG_METADATA, ListedObject.unquote(got.eTag()));
        }
        PutObjectRequest.Builder put = metadata
                .applyTo(PutObjectRequest.builder())
                .bucket(destinationBucket.bucket())
                .key(key)
                .contentLength(length)
                .storageClass(settings.storageClass());
        Tagging tags = tags(object, got.tagCount());
        if (tags != null) {
            put.tagging(tags);
        }
        if (md5 != null) {
            put.contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5)));
        }
        // with Content-MD5 the destination checks the bytes; without it (the source ETag is not an MD5) we do. A
        // trailing checksum is not sent here: a PUT cannot ask whether the destination checks one without storing an
        // object if it does not (DestinationChecksums asks with parts)
        SourceStream body = new SourceStream(in, () -> get(object, null, got.eTag()), bytesCopied, settings.limiter(),
                md5 == null);
        try {
            PutObjectResponse stored = SideFailure.on(Side.DESTINATION, () -> destinationPath.putObject(put.build(),
                    RequestBody.fromContentProvider(body, length, contentTypeOf(got.contentType()))));
            if (md5 == null) {
                Integrity.verifyStored(body, Integrity.md5Behind(stored.eTag(), stored.serverSideEncryption(), stored.sseCustomerAlgorithm()),
                        object.key());
            }
            return length;
        } catch (RuntimeException e) {
            body.uncount();
            throw e;
        } finally {
            body.close();
        }
    }

    private long copyServerSide(ListedObject object) {
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(sourceBucket.bucket()).sourceKey(sourceKey(object))
                .destinationBucket(destinationBucket.bucket()).destinationKey(destinationKey(object))
                .storageClass(settings.storageClass());
        if (object.eTag() != null) {
            copy.copySourceIfMatch("\"" + object.eTag() + "\"");
        }
        if (settings.preserveMetadata()) {
            copy.metadataDirective(MetadataDirective.COPY);
        } else {
            HeadObjectResponse head = headSource(object);
            copy.metadataDirective(MetadataDirective.REPLACE).contentType(head.contentType());
        }
        SideFailure.on(Side.DESTINATION, () -> destination.get().copyObject(copy.build()));
        bytesCopied.addAndGet(object.size());
        return object.size();
    }

    private long copyMultipart(ListedObject object, boolean serverSideParts) {
        HeadObjectResponse head = settings.retry().run(() -> headSource(object));
        PartPlan layout = sourceLayout(object, head);
        if (layout != null) {
            try {
                long copied = copyInParts(object, head, layout, serverSideParts, true);
                layoutMissesInARow.set(0);
                return copied;
            } catch (LayoutNotProven e) {
                // parts of other sizes after all, a byte changed on the way, or part ETags that are not MD5s: the
                // upload was aborted; again, with parts this copier hashes
                if (layoutMissesInARow.incrementAndGet() >= MAX_LAYOUT_MISSES) {
                    noLayoutProofs.set(true);
                }
            }
        }
        return copyInParts(object, head, PartPlan.of(head.contentLength(), settings.partSize()), serverSideParts, false);
    }

    /**
     * The parts the source holds the object in, when copying them as they are lets the destination's part ETags prove
     * the copy: the source's ETag is then the MD5 of those parts' MD5s. Null when it cannot: the ETag is no such MD5
     * (one PUT, SSE-KMS, a customer key), the destination's part ETags are no MD5s, or the source does not answer a
     * HEAD of the first part ({@code partNumber=1}) with the part count, or refuses it.
     */
    private PartPlan sourceLayout(ListedObject object, HeadObjectResponse head) {
        int parts = Integrity.partsBehind(head.eTag(), head.serverSideEncryption(), head.sseCustomerAlgorithm());
        if (parts == 0 || noLayoutProofs.get()) {
            return null;
        }
        HeadObjectResponse first;
        try {
            first = settings.retry().run(() -> SideFailure.on(Side.SOURCE, () -> source.get().headObject(HeadObjectRequest.builder()
                    .bucket(sourceBucket.bucket()).key(sourceKey(object)).partNumber(1).ifMatch(head.eTag()).build())));
        } catch (SideFailure e) {
            if (refused(e, 400, 405, 501)) {
                return null;
            }
            throw e;
        }
        return PartPlan.sourceLayout(head.contentLength(), first.contentLength(), first.partsCount(), parts);
    }

    /**
     * Copies the object in {@code plan}'s parts. {@code proveByETag}: the plan is the source's own layout, so instead of
     * hashing every part, the destination's part ETags must make the source's ETag before the upload is completed
     * ({@link LayoutNotProven} otherwise, after the abort); unless the destination's answer to the upload's creation
     * says it encrypts so that part ETags are no MD5s: then each part is hashed as in any other layout.
     */
    private long copyInParts(ListedObject object, HeadObjectResponse head, PartPlan plan, boolean serverSideParts,
                             boolean proveByETag) {
        String sourceETag = ListedObject.unquote(head.eTag());
        CreateMultipartUploadRequest.Builder createRequest = metadata(ObjectMetadata.of(head))
                .withUserMetadata(Evidence.SOURCE_ETAG_METADATA, sourceETag)
                .applyTo(CreateMultipartUploadRequest.builder())
                .bucket(destinationBucket.bucket())
                .key(destinationKey(object))
                .storageClass(settings.storageClass());
        Integer tagCount = head.tagCount() != null ? head.tagCount() : settings.retry().run(() -> tagCountOfGet(object, head.eTag()));
        Tagging tags = settings.retry().run(() -> tags(object, tagCount));
        if (tags != null) {
            createRequest.tagging(tags);
        }
        CreateMultipartUploadRequest create = createRequest.build();
        CreateMultipartUploadResponse created = settings.retry().run(() -> SideFailure.on(Side.DESTINATION,
                () -> destination.get().createMultipartUpload(create)));
        String uploadId = created.uploadId();
        uploads.opened(uploadId, destinationKey(object));
        // a destination that encrypts with KMS or a customer key says so here: its part ETags will prove nothing
        boolean prove = proveByETag && Integrity.eTagsAreMd5s(created.serverSideEncryption(), created.sseCustomerAlgorithm());
        if (proveByETag && !prove) {
            noLayoutProofs.set(true);
        }
        RunningParts running = new RunningParts(partPool, object.key());
        try {
            for (int n = 1; n <= plan.partCount(); n++) {
                int number = n;
                running.submit(plan.length(number), () -> settings.retry().run(() -> serverSideParts
                        ? copyPartServerSide(object, head.eTag(), plan, uploadId, number, prove)
                        : copyPart(object, head.eTag(), plan, uploadId, number, prove)));
            }
            List<CompletedPart> parts = running.awaitAll();
            if (prove) {
                String stored = Integrity.multipartETag(parts.stream().map(p -> Evidence.contentMd5Hex(ListedObject.unquote(p.eTag()))).toList());
                if (!stored.equalsIgnoreCase(sourceETag)) {
                    throw new LayoutNotProven(object.key() + ": the parts stored make ETag " + stored + ", the source's is " + sourceETag);
                }
            }
            settings.retry().run(() -> SideFailure.on(Side.DESTINATION, () -> destination.get().completeMultipartUpload(
                    CompleteMultipartUploadRequest.builder().bucket(destinationBucket.bucket())
                            .key(destinationKey(object)).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build())));
            return plan.objectSize();
        } catch (RuntimeException e) {
            // No part lands after the abort, and the object's bytes leave the copied total (it failed, or goes
            // again by another path).
            bytesCopied.addAndGet(-running.stop());
            uploads.abort(destinationKey(object), uploadId);
            throw e;
        } finally {
            uploads.closed(uploadId, destinationKey(object));
        }
    }

    private CompletedPart copyPart(ListedObject object, String sourceETag, PartPlan plan, String uploadId, int number,
                                   boolean proveByETag) {
        long offset = plan.offset(number);
        long length = plan.length(number);
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        // a part the source's layout does not prove: the destination's CRC32C check where it has one, else our MD5
        boolean trailer = !proveByETag && checksums.checkedByDestination(destinationKey(object));
        // If-Match: every part must come from the same version of the object
        SourceStream body = new SourceStream(get(object, range, sourceETag), () -> get(object, range, sourceETag),
                bytesCopied, settings.limiter(), !proveByETag && !trailer);
        try {
            UploadPartRequest.Builder part = UploadPartRequest.builder()
                    .bucket(destinationBucket.bucket()).key(destinationKey(object)).uploadId(uploadId)
                    .partNumber(number).contentLength(length);
            if (trailer) {
                part.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            UploadPartResponse uploaded = SideFailure.on(Side.DESTINATION, () -> destinationPath.uploadPart(part.build(),
                    RequestBody.fromContentProvider(body, length, "application/octet-stream")));
            String stored = Integrity.md5Behind(uploaded.eTag(), uploaded.serverSideEncryption(), uploaded.sseCustomerAlgorithm());
            if (proveByETag) {
                storedAsMd5(stored, object);
            } else if (trailer) {
                checksums.counted();
            } else {
                Integrity.verifyStored(body, stored, "part " + number + " of " + object.key());
            }
            return CompletedPart.builder().partNumber(number).eTag(uploaded.eTag()).build();
        } catch (RuntimeException e) {
            body.uncount();
            throw e;
        } finally {
            body.close();
        }
    }

    /** A part's ETag that is no MD5 proves nothing: not this object, nor any other (the destination encrypts so). */
    private void storedAsMd5(String partMd5, ListedObject object) {
        if (partMd5 == null) {
            noLayoutProofs.set(true);
            throw new LayoutNotProven(object.key() + ": the destination's part ETags are not MD5s");
        }
    }

    private CompletedPart copyPartServerSide(ListedObject object, String sourceETag, PartPlan plan, String uploadId, int number,
                                             boolean proveByETag) {
        long offset = plan.offset(number);
        long length = plan.length(number);
        UploadPartCopyResponse copied = SideFailure.on(Side.DESTINATION, () -> destination.get().uploadPartCopy(UploadPartCopyRequest.builder()
                .sourceBucket(sourceBucket.bucket()).sourceKey(sourceKey(object))
                .destinationBucket(destinationBucket.bucket()).destinationKey(destinationKey(object))
                .uploadId(uploadId).partNumber(number)
                .copySourceRange("bytes=" + offset + "-" + (offset + length - 1))
                .copySourceIfMatch(sourceETag).build()));
        String eTag = copied.copyPartResult().eTag();
        if (proveByETag) {
            storedAsMd5(Integrity.md5Behind(eTag, copied.serverSideEncryption(), copied.sseCustomerAlgorithm()), object);
        }
        bytesCopied.addAndGet(length);
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    /**
     * The source object's tags, read (GetObjectTagging) only when its GET or HEAD said it has some
     * ({@code x-amz-tagging-count}): an object without tags costs no tagging call. Null: no tags.
     */
    private Tagging tags(ListedObject object, Integer taggingCount) {
        if (!hasTags(taggingCount)) {
            return null;
        }
        List<Tag> tags = SideFailure.on(Side.SOURCE, () -> source.get().getObjectTagging(GetObjectTaggingRequest.builder()
                .bucket(sourceBucket.bucket()).key(sourceKey(object)).build()).tagSet());
        return tags.isEmpty() ? null : Tagging.builder().tagSet(tags).build();
    }

    /** Whether {@code x-amz-tagging-count} as the SDK reads it (null: absent) says the object has tags. */
    static boolean hasTags(Integer taggingCount) {
        return taggingCount != null && taggingCount > 0;
    }

    /**
     * The tag count a GET reports, for a multipart object whose HEAD did not say (AWS reports it on GETs): one byte
     * of the object, from the version being copied.
     */
    private Integer tagCountOfGet(ListedObject object, String eTag) {
        ResponseInputStream<GetObjectResponse> firstByte = get(object, "bytes=0-0", eTag);
        try {
            return firstByte.response().tagCount();
        } finally {
            try {
                firstByte.close();
            } catch (java.io.IOException ignored) {
                // one byte left unread on a connection the pool may drop
            }
        }
    }

    private HeadObjectResponse headSource(ListedObject object) {
        return SideFailure.on(Side.SOURCE, () -> source.get().headObject(
                HeadObjectRequest.builder().bucket(sourceBucket.bucket()).key(sourceKey(object)).build()));
    }

    private ResponseInputStream<GetObjectResponse> get(ListedObject object, String range, String ifMatch) {
        return SideFailure.on(Side.SOURCE, () -> sourcePath.getObject(GetObjectRequest.builder()
                .bucket(sourceBucket.bucket()).key(sourceKey(object)).range(range).ifMatch(ifMatch).build()));
    }

    private static boolean cannotCopyServerSide(SideFailure e) {
        if (e.getCause() instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            return "AccessDenied".equals(code) || "NotImplemented".equals(code) || s.statusCode() == 501;
        }
        return false;
    }

    /** Whether the server answered with one of these statuses. */
    private static boolean refused(SideFailure e, int... statuses) {
        return e.getCause() instanceof AwsServiceException s && java.util.Arrays.stream(statuses).anyMatch(status -> status == s.statusCode());
    }

    /** The parts copied in the source's layout do not prove the copy; their upload was aborted. */
    private static final class LayoutNotProven extends RuntimeException {
        LayoutNotProven(String message) {
            super(message, null, false, false);
        }
    }

    private ObjectMetadata metadata(ObjectMetadata full) {
        return settings.preserveMetadata() ? full : full.contentTypeOnly();
    }

    private String sourceKey(ListedObject object) {
        return sourceBucket.key(object.key());
    }

    private String destinationKey(ListedObject object) {
        String key = destinationBucket.key(object.key());
        if (key.isEmpty()) {
            // the source prefix is this object's whole key and the destination prefix is empty: no key is left
            throw new IllegalArgumentException("the source prefix is the whole key '" + sourceKey(object)
                    + "' and the destination prefix is empty, so the object would get an empty key:"
                    + " set destination.prefix to the key it should get");
        }
        return key;
    }

    private static String contentTypeOf(String contentType) {
        return contentType == null ? "application/octet-stream" : contentType;
    }
}
