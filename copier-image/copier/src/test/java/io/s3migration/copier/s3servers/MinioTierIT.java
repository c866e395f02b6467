package io.s3migration.copier.s3servers;

import io.s3migration.copier.support.ChildCopier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.GeneratedContent;
import io.s3migration.copier.support.ManyKeys;
import io.s3migration.copier.support.TwoMinio;
import io.s3migration.copier.support.RewritingProxy;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copier as a heap-capped child process (-Xmx96m) against two real MinIO servers: a 1 GiB object in
 * `verify`, 100,000 listed keys (copied; and sized ahead of the copy) and an object over 5 GiB (about 5 minutes on
 * 2 cores; -Ds3m.heavy=false leaves the last two out for a quick local run, and says so). Skips with a reason
 * where the MinIO binary was not built.
 */
class MinioTierIT {
    static final long MIB = 1024L * 1024;
    static final List<String> HEAP_CAP = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");
    static Path dir;
    static TwoMinio minio;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        minio = TwoMinio.startOrSkip(tmp, "minio");
    }

    @AfterAll
    static void stop() {
        if (minio != null) {
            minio.close();
        }
    }

    static boolean heavy() {
        return !"false".equals(System.getProperty("s3m.heavy"));
    }

    @Test
    void copiesAOneGibObjectWithA96MibHeap() throws Exception {
        copyLargeObject("one-gib", 1024 * MIB, 64 * MIB);
    }

    @Test
    void copiesAnObjectOverFiveGib() throws Exception {
        Assumptions.assumeTrue(heavy(), "heavy test left out by -Ds3m.heavy=false (5.1 GiB through two MinIO servers)");
        copyLargeObject("over-five-gib", 5 * 1024 * MIB + 100 * MIB, 256 * MIB);
    }

    @Test
    void listsAndCopiesOneHundredThousandKeysWithA96MibHeap() throws Exception {
        Assumptions.assumeTrue(heavy(), "heavy test left out by -Ds3m.heavy=false (100,000 objects seeded into MinIO)");
        String bucket = manyKeys();
        minio.dst.createBucket(b -> b.bucket(bucket));
        ChildRun run = runCopier(bucket, 64 * MIB, 64);
        assertEquals(0, run.exitCode, run.lastLines);
        assertEquals(MANY, run.summary.progress().objectsCopied());
        int count = 0;
        for (var page : minio.dst.listObjectsV2Paginator(b -> b.bucket(bucket))) {
            count += page.keyCount();
        }
        assertEquals(MANY, count);
        System.out.printf("100,000 keys with -Xmx96m: seeded in %.0f s, copied in %.1f s (%s)%n", seedSeconds, run.seconds, run.summary.message());
    }

    /**
     * The totals are known long before the copy gets to the end of the listing: the sizing pass lists on its own,
     * not throttled by the workers. Read from the progress lines of the real copier process; it is stopped once the
     * figure is taken.
     */
    @Test
    void totalsOfOneHundredThousandKeysAreKnownBeforeAQuarterIsCopied() throws Exception {
        Assumptions.assumeTrue(heavy(), "heavy test left out by -Ds3m.heavy=false (100,000 objects seeded into MinIO)");
        String bucket = manyKeys();
        String target = "sized-copy";
        minio.dst.createBucket(b -> b.bucket(target));
        Path runDir = Files.createTempDirectory(dir, "run");
        CopierConfig config = config(bucket, target, 64 * MIB, CopierSettings.DEFAULT_CONCURRENCY, runDir)
                .with(CopierSettings.PROGRESS_INTERVAL, java.time.Duration.ofMillis(200));
        long started = System.nanoTime();
        Process copier = ChildCopier.start(CopierEnv.write(config), HEAP_CAP, runDir);
        Progress known = null;
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
            int linesRead = 0;
            while (known == null && copier.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                List<String> lines = Files.readAllLines(runDir.resolve("stdout"));
                for (String line : lines.subList(linesRead, lines.size())) {
                    Progress p = ProtocolJson.newestProgress(line).orElse(null);
                    if (known == null && p != null && p.sizingComplete()) {
                        known = p;
                    }
                }
                linesRead = lines.size();
            }
        } finally {
            copier.destroy(); // the figure is taken: the rest of the copy proves nothing more
            copier.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String stderr = Files.readString(runDir.resolve("stderr"));
        assertTrue(known != null, "no progress line with sizingComplete=true; stderr: " + stderr);
        assertEquals(MANY, known.objectsTotal(), known.toString());
        double percent = 100.0 * known.objectsDone() / MANY;
        System.out.printf("sizing 100,000 keys (concurrency %d): totals known (objectsTotal=%d, bytesTotal=%d) after %.1f s,"
                        + " when %d objects (%.1f%%) were done; seeded in %.0f s%n", CopierSettings.DEFAULT_CONCURRENCY,
                known.objectsTotal(), known.bytesTotal(), seconds, known.objectsDone(), percent, seedSeconds);
        assertTrue(percent < 25, "totals known only at " + percent + "% done: " + known);
    }

    /**
     * Tags go along with single-PUT and multipart copies, read only for the objects that have some: the source is
     * behind a proxy that counts GetObjectTagging calls (and drops the tag count from HEAD answers, so a multipart
     * object's count comes from a GET, as on AWS).
     */
    @Test
    void copiesObjectTagsAndReadsThemOnlyForTaggedObjects() throws Exception {
        String bucket = "tagged";
        minio.src.createBucket(b -> b.bucket(bucket));
        minio.dst.createBucket(b -> b.bucket(bucket));
        Map<String, Map<String, String>> tagged = Map.of(
                "small-tagged.txt", Map.of("team", "a", "cost centre", "4711/x+y=z"),
                "large-tagged.bin", Map.of("retention", "7y"));
        List<String> untagged = List.of("small-plain.txt", "large-plain.bin");
        for (String key : List.of("small-tagged.txt", "small-plain.txt")) {
            Map<String, String> tags = tagged.get(key);
            minio.src.putObject(b -> b.bucket(bucket).key(key).tagging(tags == null ? null : tagging(tags)), RequestBody.fromString(key));
        }
        for (String key : List.of("large-tagged.bin", "large-plain.bin")) {
            long size = 12 * MIB;
            minio.src.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromContentProvider(() -> new GeneratedContent(3, 0, size), size, "application/octet-stream"));
            if (tagged.containsKey(key)) {
                minio.src.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(tagging(tagged.get(key))));
            }
        }
        try (RewritingProxy counting = new RewritingProxy(minio.source.port(), (request, response) ->
                request.method().equals("HEAD") ? response.withoutHeader("x-amz-tagging-count") : response)) {
            Path runDir = Files.createTempDirectory(dir, "run");
            CopierConfig config = config(bucket, bucket, 5 * MIB, 4, runDir)
                    .with(CopierSettings.SOURCE, new Bucket(counting.endpoint(), "us-east-1", bucket, "", true));
            ChildCopier.Result result = ChildCopier.run(CopierEnv.write(config), HEAP_CAP, runDir, 600);
            assertEquals(0, result.exitCode(), result.stdout() + result.stderr());

            for (var e : tagged.entrySet()) {
                assertEquals(e.getValue(), tagsAt(minio.dst, bucket, e.getKey()), e.getKey());
            }
            for (String key : untagged) {
                assertEquals(Map.of(), tagsAt(minio.dst, bucket, key), key);
            }
            List<String> taggingReads = counting.requests().stream()
                    .filter(r -> r.method().equals("GET") && r.query().contains("tagging")).map(r -> r.path()).sorted().toList();
            assertEquals(List.of("/tagged/large-tagged.bin", "/tagged/small-tagged.txt"), taggingReads, "one tagging read per tagged object, none for the others");
            assertTrue(minio.dst.headObject(b -> b.bucket(bucket).key("large-tagged.bin")).eTag().contains("-"), "the large ones went multipart");
        }
    }

    /**
     * An object the source holds in parts goes in the same parts, whatever the copier's part size, and the
     * destination's part ETags must add up to the source's ETag before the upload is completed: the copy's ETag is the
     * source's, and no byte is hashed by the copier. Parts of uneven sizes whose total still fits even ones are found by
     * that comparison, as is a byte changed on the way from the source (the part sent and stored agree there, so only
     * the source's ETag can tell): the upload is aborted and the object copied again in the copier's own parts. On both
     * request paths (direct, and every request through the SDK client).
     */
    @Test
    void anObjectHeldInPartsGoesInTheSourcesPartsAndTheSourcesETagProvesTheCopy() throws Exception {
        String bucket = "in-parts";
        minio.src.createBucket(b -> b.bucket(bucket));
        Map<String, byte[]> content = randomContent(42, Map.of("even.bin", 19, "uneven.bin", 18, "changed-on-the-way.bin", 13));
        io.s3migration.copier.support.Dataset.uploadMultipart(minio.src, bucket, "even.bin", content.get("even.bin"), (int) (6 * MIB), Map.of());
        io.s3migration.copier.support.Dataset.uploadMultipart(minio.src, bucket, "changed-on-the-way.bin", content.get("changed-on-the-way.bin"),
                (int) (6 * MIB), Map.of());
        uploadParts(bucket, "uneven.bin", content.get("uneven.bin"), List.of(6 * MIB, 7 * MIB, 5 * MIB));

        for (boolean sdkOnly : List.of(false, true)) {
            String target = sdkOnly ? "in-parts-sdk" : "in-parts-direct";
            minio.dst.createBucket(b -> b.bucket(target));
            java.util.concurrent.atomic.AtomicBoolean flipped = new java.util.concurrent.atomic.AtomicBoolean();
            try (RewritingProxy flipOnce = new RewritingProxy(minio.source.port(), (request, response) -> {
                if (request.method().equals("GET") && request.path().endsWith("/changed-on-the-way.bin")
                        && response.body().length > MIB && flipped.compareAndSet(false, true)) {
                    byte[] body = response.body().clone();
                    body[body.length / 2] ^= 1;
                    return new RewritingProxy.Response(response.status(), response.reason(), response.headers(), body);
                }
                return response;
            })) {
                Path runDir = Files.createTempDirectory(dir, "run");
                CopierConfig config = config(bucket, target, 5 * MIB, 4, runDir)
                        .with(CopierSettings.SOURCE, new Bucket(flipOnce.endpoint(), "us-east-1", bucket, "", true));
                Summary summary = withSdkOnly(sdkOnly, () -> copyInProcess(config));

                assertEquals(3, summary.progress().objectsCopied());
                assertTrue(flipped.get(), "a byte was changed on the way");
                assertStored(target, content);
                assertEquals(eTag(minio.src, bucket, "even.bin"), eTag(minio.dst, target, "even.bin"),
                        "copied in the source's 6 MiB parts, not the copier's 5 MiB ones");
                assertTrue(eTag(minio.dst, target, "uneven.bin").endsWith("-4"), "copied again in 5 MiB parts: " + eTag(minio.dst, target, "uneven.bin"));
                assertTrue(eTag(minio.dst, target, "changed-on-the-way.bin").endsWith("-3") && !eTag(minio.dst, target,
                        "changed-on-the-way.bin").equals(eTag(minio.src, bucket, "changed-on-the-way.bin")), "copied again in 5 MiB parts");
                assertEquals(List.of(), minio.dst.listMultipartUploads(b -> b.bucket(target)).uploads(), "the aborted uploads are gone");
                assertEquals(3, flipOnce.requests().stream().filter(r -> r.method().equals("HEAD") && r.query().equals("partNumber=1")).count(),
                        "one HEAD of the first part per object");

                Summary again = withSdkOnly(sdkOnly, () -> copyInProcess(config));
                assertEquals(3, again.progress().objectsSkipped(), again.message());
            }
        }
    }

    /**
     * Parts no source layout proves (an object above S3M_SINGLE_PUT_MAX with a plain MD5) carry the CRC32C of their
     * bytes in a trailer when the destination checks it: MinIO refuses a part with a wrong one, which the run asks first
     * (the upload made to ask is aborted), so no part is hashed here. Through the SDK client nothing can ask, and each
     * part's MD5 is compared as before.
     */
    @Test
    void partsNoSourceLayoutProvesCarryATrailingCrc32cThatMinioChecks() throws Exception {
        String bucket = "plain-md5";
        minio.src.createBucket(b -> b.bucket(bucket));
        Map<String, byte[]> content = randomContent(40, Map.of("plain.bin", 12));
        minio.src.putObject(b -> b.bucket(bucket).key("plain.bin"), RequestBody.fromBytes(content.get("plain.bin")));
        for (boolean sdkOnly : List.of(false, true)) {
            String target = sdkOnly ? "plain-md5-sdk" : "plain-md5-direct";
            minio.dst.createBucket(b -> b.bucket(target));
            Path runDir = Files.createTempDirectory(dir, "run");
            CopierConfig config = config(bucket, target, 5 * MIB, 4, runDir).with(CopierSettings.SINGLE_PUT_MAX, 8 * MIB);

            Summary summary = withSdkOnly(sdkOnly, () -> copyInProcess(config));

            assertEquals(1, summary.progress().objectsCopied(), summary.message());
            assertTrue(summary.message().endsWith(sdkOnly
                    ? "; parts' MD5 compared here: the destination does not check a trailing CRC32C (requests go through the SDK client)"
                    : "; 3 parts checked by the destination's CRC32C"), summary.message());
            assertStored(target, content);
            assertTrue(eTag(minio.dst, target, "plain.bin").endsWith("-3"), "in the copier's 5 MiB parts");
            assertEquals(List.of(), minio.dst.listMultipartUploads(b -> b.bucket(target)).uploads(), "the upload made to ask is gone");
        }
    }

    /**
     * A destination that encrypts with KMS (here a proxy adds the header such a server sends) stores part ETags that are
     * no MD5s, so they can prove nothing. Said in the answer to the upload's creation: that upload goes on in the
     * source's parts, each checked as any part no layout proves. Said only in a part's answer: that upload is aborted
     * and the object goes again in the copier's own parts. Either way the run's later objects go in the copier's own
     * parts at once (the source is not asked for its layout). Such a destination's part ETags could not check a part's
     * MD5 either: here each carries a trailing CRC32C, which MinIO checks (the run asked first, with an upload it aborts).
     */
    @Test
    void partETagsThatAreNoMd5sAreNeverTakenForProof() throws Exception {
        String bucket = "kms-parts";
        minio.src.createBucket(b -> b.bucket(bucket));
        Map<String, byte[]> content = randomContent(7, Map.of("a.bin", 13, "b.bin", 13));
        content.forEach((key, bytes) -> io.s3migration.copier.support.Dataset.uploadMultipart(minio.src, bucket, key, bytes,
                (int) (6 * MIB), Map.of()));
        for (boolean saidOnCreate : List.of(true, false)) {
            String target = saidOnCreate ? "kms-said-on-create" : "kms-said-on-parts";
            minio.dst.createBucket(b -> b.bucket(target));
            try (RewritingProxy kms = new RewritingProxy(minio.destination.port(), (request, response) -> {
                boolean create = request.method().equals("POST") && request.query().startsWith("uploads");
                boolean part = request.method().equals("PUT") && request.query().contains("partNumber=");
                return (saidOnCreate ? create : part) ? response.withHeader("x-amz-server-side-encryption", "aws:kms") : response;
            })) {
                Path runDir = Files.createTempDirectory(dir, "run");
                CopierConfig config = config(bucket, target, 5 * MIB, 1, runDir) // one object at a time: "later" is defined
                        .with(CopierSettings.DESTINATION, new Bucket(kms.endpoint(), "us-east-1", target, "", true));
                Summary summary = copyInProcess(config);

                // (the suite's run with every request through the SDK client cannot ask, and compares each part's MD5)
                boolean asked = !Boolean.getBoolean(io.s3migration.copier.client.S3ClientFactory.SDK_ONLY);
                assertTrue(summary.message().endsWith(asked ? "; 6 parts checked by the destination's CRC32C"
                        : "; parts' MD5 compared here: the destination does not check a trailing CRC32C (requests go through the SDK client)"),
                        summary.message());
                assertStored(target, content);
                for (var e : content.entrySet()) {
                    boolean sourceParts = eTag(minio.dst, target, e.getKey()).equals(eTag(minio.src, bucket, e.getKey()));
                    assertEquals(saidOnCreate && e.getKey().equals("a.bin"), sourceParts, target + "/" + e.getKey() + ": in the source's parts");
                }
                long aborted = kms.requests().stream().filter(r -> r.method().equals("DELETE") && r.query().contains("uploadId=")).count();
                assertEquals((asked ? 1 : 0) + (saidOnCreate ? 0 : 1), aborted, "the upload made to ask aborted, and when the"
                        + " parts' answers said KMS the first object's in the source's parts: " + kms.requests());
            }
        }
    }

    /** Both sides on one server: the parts are copied server-side (UploadPartCopy), in the source's layout too. */
    @Test
    void aServerSideCopyOfAnObjectHeldInPartsKeepsTheSourcesParts() throws Exception {
        String bucket = "server-side-parts";
        String target = bucket + "-copy";
        minio.src.createBucket(b -> b.bucket(bucket));
        minio.src.createBucket(b -> b.bucket(target));
        Map<String, byte[]> content = randomContent(5, Map.of("parts.bin", 13));
        io.s3migration.copier.support.Dataset.uploadMultipart(minio.src, bucket, "parts.bin", content.get("parts.bin"), (int) (6 * MIB), Map.of());
        Path runDir = Files.createTempDirectory(dir, "run");
        CopierConfig config = config(bucket, target, 5 * MIB, 4, runDir)
                .with(CopierSettings.DESTINATION, new Bucket(minio.source.endpoint(), "us-east-1", target, "", true));
        CredentialsDir.write(runDir.resolve("credentials"), minio.source.asEndpoint(), minio.source.asEndpoint());

        Summary summary = copyInProcess(config);

        assertTrue(summary.message().contains("server-side copy"), summary.message());
        content.forEach((key, bytes) -> org.junit.jupiter.api.Assertions.assertArrayEquals(bytes,
                minio.src.getObjectAsBytes(b -> b.bucket(target).key(key)).asByteArray(), key));
        assertEquals(eTag(minio.src, bucket, "parts.bin"), eTag(minio.src, target, "parts.bin"), "in the source's 6 MiB parts");
        assertEquals(1, copyInProcess(config).progress().objectsSkipped(), "skipped on the equal ETag");
    }

    /**
     * A source whose multipart ETags are not what its parts make (here: parts of uneven sizes, which the copy cannot
     * tell from the first part and the total) would have every object sent twice: after two objects in a row whose
     * copy in the source's parts did not come out with the source's ETag, the run stops trying.
     */
    @Test
    void afterTwoObjectsInARowWhoseLayoutProvedNothingNoMoreAreTried() throws Exception {
        String bucket = "uneven-parts";
        minio.src.createBucket(b -> b.bucket(bucket));
        minio.dst.createBucket(b -> b.bucket(bucket));
        Map<String, byte[]> content = randomContent(11, Map.of("1.bin", 13, "2.bin", 13, "3.bin", 13));
        content.forEach((key, bytes) -> uploadParts(bucket, key, bytes, List.of(6 * MIB, 5 * MIB, 2 * MIB))); // taken for 6 + 6 + 1 MiB
        try (RewritingProxy counting = new RewritingProxy(minio.source.port(), (request, response) -> response)) {
            Path runDir = Files.createTempDirectory(dir, "run");
            CopierConfig config = config(bucket, bucket, 5 * MIB, 1, runDir) // one object at a time: "in a row" is defined
                    .with(CopierSettings.SOURCE, new Bucket(counting.endpoint(), "us-east-1", bucket, "", true));
            copyInProcess(config);

            assertStored(bucket, content);
            List<String> layoutAsked = counting.requests().stream().filter(r -> r.method().equals("HEAD") && r.query().equals("partNumber=1"))
                    .map(r -> r.path()).toList();
            assertEquals(List.of("/uneven-parts/1.bin", "/uneven-parts/2.bin"), layoutAsked);
        }
    }

    /** Random bytes for each key, of the given MiB, in key order. */
    private static Map<String, byte[]> randomContent(long seed, Map<String, Integer> mibByKey) {
        java.util.Random random = new java.util.Random(seed);
        Map<String, byte[]> content = new java.util.TreeMap<>();
        new java.util.TreeMap<>(mibByKey).forEach((key, mib) -> {
            byte[] bytes = new byte[(int) (mib * MIB)];
            random.nextBytes(bytes);
            content.put(key, bytes);
        });
        return content;
    }

    /** A copy run in this JVM, which must succeed. */
    private static Summary copyInProcess(CopierConfig config) {
        Summary summary = io.s3migration.copier.Copier.run(config, new io.s3migration.copier.support.Captured(false).stream());
        assertEquals(io.s3migration.protocol.ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        return summary;
    }

    /** Every object of {@code content} is stored at the destination's {@code bucket} with exactly these bytes. */
    private static void assertStored(String bucket, Map<String, byte[]> content) {
        content.forEach((key, bytes) -> org.junit.jupiter.api.Assertions.assertArrayEquals(bytes,
                minio.dst.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), bucket + "/" + key));
    }

    private static String eTag(S3Client s3, String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
    }

    private static <T> T withSdkOnly(boolean sdkOnly, java.util.function.Supplier<T> run) {
        String key = io.s3migration.copier.client.S3ClientFactory.SDK_ONLY;
        System.setProperty(key, Boolean.toString(sdkOnly));
        try {
            return run.get();
        } finally {
            System.clearProperty(key);
        }
    }

    /** One multipart upload with parts of the given lengths. */
    private static void uploadParts(String bucket, String key, byte[] content, List<Long> lengths) {
        String uploadId = minio.src.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int offset = 0;
        for (int n = 1; n <= lengths.size(); n++) {
            int number = n;
            byte[] part = java.util.Arrays.copyOfRange(content, offset, offset + lengths.get(n - 1).intValue());
            offset += part.length;
            parts.add(CompletedPart.builder().partNumber(number).eTag(minio.src.uploadPart(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number), RequestBody.fromBytes(part)).eTag()).build());
        }
        assertEquals(content.length, offset);
        minio.src.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    private static software.amazon.awssdk.services.s3.model.Tagging tagging(Map<String, String> tags) {
        return software.amazon.awssdk.services.s3.model.Tagging.builder().tagSet(tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    private static Map<String, String> tagsAt(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    static final int MANY = 100_000;
    static String manyKeysBucket;
    static double seedSeconds;

    /** A source bucket of {@link #MANY} tiny objects, seeded once for the tests that need it. */
    static synchronized String manyKeys() throws Exception {
        if (manyKeysBucket == null) {
            seedSeconds = ManyKeys.seed(minio.source.asEndpoint(), "many-keys", MANY);
            manyKeysBucket = "many-keys";
        }
        return manyKeysBucket;
    }

    private void copyLargeObject(String bucket, long size, long partSize) throws Exception {
        minio.src.createBucket(b -> b.bucket(bucket));
        minio.dst.createBucket(b -> b.bucket(bucket));
        long t0 = System.nanoTime();
        String md5 = uploadGenerated(bucket, "big.bin", size, partSize);
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;

        ChildRun run = runCopier(bucket, 16 * MIB, 8);

        assertEquals(0, run.exitCode, run.lastLines);
        assertEquals(size, run.summary.progress().bytesCopied());
        String copied;
        try (var in = minio.dst.getObject(b -> b.bucket(bucket).key("big.bin"))) {
            copied = GeneratedContent.md5Of(in);
        }
        assertEquals(md5, copied, "destination bytes equal the generated bytes");
        assertTrue(minio.dst.headObject(b -> b.bucket(bucket).key("big.bin")).metadata().containsKey("s3m-source-etag"));
        ChildRun again = runCopier(bucket, 16 * MIB, 8);
        assertEquals(1, again.summary.progress().objectsSkipped(), again.lastLines);
        System.out.printf("%s (%d MiB) with -Xmx96m: seeded in %.1f s, copied in %.1f s = %.0f MiB/s; re-run skipped it in %.1f s%n",
                bucket, size / MIB, uploadSeconds, run.seconds, size / MIB / run.seconds, again.seconds);
    }

    /** Uploads generated bytes as a multipart upload (parts in parallel); returns the content's MD5. */
    private String uploadGenerated(String bucket, String key, long size, long partSize) throws Exception {
        String uploadId = minio.src.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/octet-stream")).uploadId();
        int parts = (int) ((size + partSize - 1) / partSize);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<CompletedPart>> futures = new ArrayList<>();
        for (int n = 1; n <= parts; n++) {
            int number = n;
            long offset = (n - 1) * partSize;
            long length = Math.min(partSize, size - offset);
            futures.add(pool.submit(() -> CompletedPart.builder().partNumber(number).eTag(minio.src.uploadPart(b -> b.bucket(bucket)
                    .key(key).uploadId(uploadId).partNumber(number).contentLength(length),
                    RequestBody.fromContentProvider(() -> new GeneratedContent(7, offset, length), length, "application/octet-stream")).eTag()).build()));
        }
        List<CompletedPart> completed = new ArrayList<>();
        for (Future<CompletedPart> f : futures) {
            completed.add(f.get());
        }
        pool.shutdown();
        minio.src.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
        GeneratedContent all = new GeneratedContent(7, 0, size);
        return GeneratedContent.md5Of(all);
    }

    record ChildRun(int exitCode, Summary summary, double seconds, String lastLines) {
    }

    /** A copy from {@code from} at the source server to {@code to} at the destination server, run in {@code runDir}. */
    private static CopierConfig config(String from, String to, long partSize, int concurrency, Path runDir) {
        CredentialsDir.write(runDir.resolve("credentials"), minio.source.asEndpoint(), minio.destination.asEndpoint());
        return CopierConfig.of(Mode.COPY, new Bucket(minio.source.endpoint(), "us-east-1", from, "", true),
                        new Bucket(minio.destination.endpoint(), "us-east-1", to, "", true))
                .with(CopierSettings.CREDENTIALS_DIR, runDir.resolve("credentials").toString())
                .with(CopierSettings.TERMINATION_LOG, runDir.resolve("termination-log").toString())
                .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS)
                .withMultipart(partSize, partSize)
                .with(CopierSettings.CONCURRENCY, concurrency);
    }

    private ChildRun runCopier(String bucket, long partSize, int concurrency) throws Exception {
        Path runDir = Files.createTempDirectory(dir, "run");
        CopierConfig config = config(bucket, bucket, partSize, concurrency, runDir);
        long started = System.nanoTime();
        ChildCopier.Result result = ChildCopier.run(CopierEnv.write(config), HEAP_CAP, runDir, 1800);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> lines = result.stdout().lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())) + result.stderr();
        Summary summary = ProtocolJson.readSummary(Files.readString(runDir.resolve("termination-log"))).orElseThrow(() -> new AssertionError(tail));
        return new ChildRun(result.exitCode(), summary, seconds, tail);
    }
}
