package io.s3migration.copier.s3servers;

import io.s3migration.copier.support.ChildCopier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.TwoMinio;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental pass a MigrationJob's trigger starts, on two real MinIO servers with the copier as a child
 * process: seed, copy, change 10% of the source, copy again, verify. The second pass must write exactly the
 * changed 10% — checked independently through the destination's LastModified, which only a write moves — and
 * the verify mode must then find the destination consistent (what sets {@code Consistent=True}). Every run writes
 * its JSON Lines report into the destination bucket, which no later pass may take for data.
 */
class IncrementalPassIT {
    static final int OBJECTS = 1000;
    static final String BUCKET = "incremental";
    /** Reports go to the destination bucket: the passes must leave them out of what they copy and check. */
    static final String REPORTS = "_reports/";
    static Path dir;
    static TwoMinio minio;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        minio = TwoMinio.startOrSkip(tmp, "incremental");
    }

    @AfterAll
    static void stop() {
        if (minio != null) {
            minio.close();
        }
    }

    @Test
    void aSecondPassCopiesOnlyWhatChangedAndVerifiesConsistent() throws Exception {
        minio.src.createBucket(b -> b.bucket(BUCKET));
        minio.dst.createBucket(b -> b.bucket(BUCKET));
        IntStream.range(0, OBJECTS).parallel().forEach(i -> put(key(i), "first pass " + i));

        Summary first = run(Mode.COPY, 1);
        assertEquals(ExitCode.SUCCEEDED, first.exitCode(), first.message());
        assertEquals(OBJECTS, first.progress().objectsCopied());
        Map<String, Instant> writtenByFirstPass = destinationLastModified();
        assertEquals(OBJECTS, writtenByFirstPass.size());

        // LastModified has one-second resolution on some servers: a changed object must differ from its first copy.
        Thread.sleep(1100);
        Set<String> changed = new TreeSet<>();
        for (int i = 0; i < OBJECTS; i += 10) {
            changed.add(key(i));
            // Every other changed object keeps its size, so only the content (ETag) tells it apart.
            put(key(i), i % 20 == 0 ? "FIRST PASS " + i : "changed after the first pass " + i);
        }

        Summary second = run(Mode.COPY, 2);
        assertEquals(ExitCode.SUCCEEDED, second.exitCode(), second.message());
        assertEquals(changed.size(), second.progress().objectsCopied(), "the second pass copies only the changed 10%");
        assertEquals(OBJECTS - changed.size(), second.progress().objectsSkipped());

        Map<String, Instant> afterSecondPass = destinationLastModified();
        Set<String> rewritten = afterSecondPass.entrySet().stream()
                .filter(e -> !e.getValue().equals(writtenByFirstPass.get(e.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(changed, rewritten, "the destination objects the second pass wrote (by LastModified)");
        for (String key : changed) {
            assertEquals(minio.src.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String(),
                    minio.dst.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String(), key);
        }

        Summary verify = run(Mode.VERIFY, 2);
        Verification v = verify.verification();
        assertEquals(ExitCode.SUCCEEDED, verify.exitCode(), verify.message());
        assertEquals(OBJECTS, v.objectsMatched());
        assertEquals(0, v.objectsMissing());
        assertEquals(0, v.objectsMismatched());
        // Each run wrote its report beside the data, and no pass took a report for an object to copy or check.
        assertEquals(Set.of(first.reportKey(), second.reportKey(), verify.reportKey()), reportKeys());
        assertTrue(verify.reportKey().startsWith(REPORTS + "incremental/2-"), verify.reportKey());
        List<String> lines = minio.dst.getObjectAsBytes(b -> b.bucket(BUCKET).key(verify.reportKey())).asUtf8String().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains("\"verification\":{\"objectsMatched\":" + OBJECTS), lines.get(lines.size() - 1));
        System.out.printf("incremental pass on MinIO: %d objects, %d changed; pass 2 copied %d, skipped %d; verify matched %d%n",
                OBJECTS, changed.size(), second.progress().objectsCopied(), second.progress().objectsSkipped(), v.objectsMatched());
    }

    private static String key(int i) {
        return String.format("data/%02d/object-%04d.txt", i % 7, i);
    }

    private static void put(String key, String body) {
        minio.src.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    private static Set<String> reportKeys() {
        return minio.dst.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(REPORTS)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet());
    }

    private static Map<String, Instant> destinationLastModified() {
        Map<String, Instant> byKey = new HashMap<>();
        for (var page : minio.dst.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("data/"))) {
            for (S3Object o : page.contents()) {
                byKey.put(o.key(), o.lastModified());
            }
        }
        return byKey;
    }

    private static Summary run(Mode mode, int pass) throws Exception {
        Path runDir = Files.createTempDirectory(dir, mode.name().toLowerCase());
        CredentialsDir.write(runDir.resolve("credentials"), minio.source.asEndpoint(), minio.destination.asEndpoint());
        CopierConfig config = CopierConfig.of(mode, new Bucket(minio.source.endpoint(), "us-east-1", BUCKET, "", true),
                        new Bucket(minio.destination.endpoint(), "us-east-1", BUCKET, "", true))
                .with(CopierSettings.CREDENTIALS_DIR, runDir.resolve("credentials").toString())
                .with(CopierSettings.TERMINATION_LOG, runDir.resolve("termination-log").toString())
                .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS)
                .with(CopierSettings.MIGRATION, "incremental").with(CopierSettings.PASS, pass)
                .with(CopierSettings.REPORT_PREFIX, REPORTS);
        ChildCopier.Result result = ChildCopier.run(CopierEnv.write(config), List.of("-Xmx128m"), runDir, 600);
        return ProtocolJson.readSummary(Files.readString(runDir.resolve("termination-log")))
                .orElseThrow(() -> new AssertionError("no summary (exit " + result.exitCode() + "): " + result.stderr()));
    }
}
