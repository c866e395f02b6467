package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.copier.support.RewritingProxy;
import io.s3migration.copier.support.RewritingProxy.Response;
import io.s3migration.protocol.ArchivedObjectPolicy;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archived objects as AWS shows them, through a proxy that rewrites S3Proxy's answers: listed as GLACIER or
 * DEEP_ARCHIVE, a HEAD with or without {@code x-amz-restore}, and a GET refused with 403 {@code InvalidObjectState}
 * (an object in an Intelligent-Tiering archive tier, which its listing does not show; or an archived one not restored).
 */
class ArchivedObjectsIT extends OnTwoServers {
    static final String RESTORED = "archive/glacier-restored.bin";
    static final String FROZEN = "archive/glacier-frozen.bin";
    static final String THAWING = "archive/deep-archive-thawing.bin";
    static final String TIERED = "archive/intelligent-tiering-archived.bin";
    static final List<String> PLAIN = List.of("plain/a.txt", "plain/b.txt", "plain/c.txt");
    /** The storage class each archived object is listed in. */
    static final Map<String, String> LISTED_AS = Map.of(RESTORED, "GLACIER", FROZEN, "GLACIER", THAWING, "DEEP_ARCHIVE",
            TIERED, "INTELLIGENT_TIERING");
    /** What a HEAD of each says about its restore (absent: never restored). */
    static final Map<String, String> RESTORE_HEADER = Map.of(
            RESTORED, "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2040 00:00:00 GMT\"",
            THAWING, "ongoing-request=\"true\"");
    private static final Pattern CONTENTS = Pattern.compile("<Contents>(.*?)</Contents>", Pattern.DOTALL);

    @Test
    void skipCopiesRestoredObjectsAndSkipsTheOthersWithoutReadingThem(@TempDir Path dir) throws Exception {
        String bucket = seed(List.of(RESTORED, FROZEN, THAWING, TIERED));
        try (RewritingProxy aws = awsAnswers(bucket)) {
            Summary summary = copy(bucket, aws, ArchivedObjectPolicy.SKIP, dir);

            assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message() + " " + summary.failures());
            assertEquals(PLAIN.size() + 1, summary.progress().objectsCopied(), summary.message());
            assertEquals(3, summary.progress().objectsSkipped(), summary.message());
            assertEquals(0, summary.progress().objectsFailed(), "an archived object skipped is no failure");
            assertTrue(summary.message().contains("3 archived objects skipped (onArchivedObject: skip)"), summary.message());
            assertEquals(RESTORED, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(RESTORED)).asUtf8String());
            for (String skipped : List.of(FROZEN, THAWING, TIERED)) {
                assertTrue(servers.destination.listObjectsV2(b -> b.bucket(bucket).prefix(skipped)).contents().isEmpty(), skipped);
            }
            // a HEAD decides for the listed archives, and nothing reads one that is not restored
            assertEquals(0, count(aws, "GET", bucket, FROZEN) + count(aws, "GET", bucket, THAWING));
            assertEquals(1, count(aws, "HEAD", bucket, FROZEN));
            assertEquals(1, count(aws, "GET", bucket, RESTORED));
            assertEquals(0, count(aws, "HEAD", bucket, TIERED), "listed as INTELLIGENT_TIERING: read like any object");
            assertEquals(0, count(aws, "HEAD", bucket, PLAIN.get(0)), "no HEAD for an object in a readable class");
        }
    }

    @Test
    void failStopsTheRunNamingTheObjectNotRestoredAndHowToRestoreIt(@TempDir Path dir) throws Exception {
        String bucket = seed(List.of(RESTORED, FROZEN));
        try (RewritingProxy aws = awsAnswers(bucket)) {
            Summary summary = copy(bucket, aws, ArchivedObjectPolicy.FAIL, dir);

            assertEquals(ExitCode.FATAL, summary.exitCode(), summary.message());
            assertEquals(Reason.ArchivedObject, summary.reason());
            assertEquals("Object in GLACIER, not restored: " + FROZEN + " — restore it (aws s3api restore-object) or set"
                    + " onArchivedObject: skip", summary.message());
        }
    }

    @Test
    void anIntelligentTieringArchiveTierFailsTheSameWay(@TempDir Path dir) throws Exception {
        String bucket = seed(List.of(TIERED));
        try (RewritingProxy aws = awsAnswers(bucket)) {
            Summary summary = copy(bucket, aws, ArchivedObjectPolicy.FAIL, dir);

            assertEquals(ExitCode.FATAL, summary.exitCode(), summary.message());
            assertEquals(Reason.ArchivedObject, summary.reason());
            assertTrue(summary.message().startsWith("Object in an Intelligent-Tiering archive tier (InvalidObjectState), not restored: "
                    + TIERED), summary.message());
        }
    }

    /** A bucket holding the plain objects and {@code archived}, each object's body its key. */
    private static String seed(List<String> archived) {
        String bucket = servers.newBuckets();
        for (String key : PLAIN) {
            servers.source.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        for (String key : archived) {
            servers.source.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        return bucket;
    }

    private static Summary copy(String bucket, RewritingProxy aws, ArchivedObjectPolicy policy, Path dir) {
        CopierConfig config = servers.config(Mode.COPY, bucket, dir)
                .with(CopierSettings.SOURCE, new Bucket(aws.endpoint(), "us-east-1", bucket, "", true))
                .with(CopierSettings.ON_ARCHIVED_OBJECT, policy)
                .with(CopierSettings.TERMINATION_LOG, null);
        return Copier.run(config, new Captured(false).stream());
    }

    /** The source as AWS would answer for the archived objects of {@code bucket}. */
    static RewritingProxy awsAnswers(String bucket) throws Exception {
        return new RewritingProxy(servers.sourceServer.port(), (request, response) -> {
            if (request.method().equals("GET") && request.path().equals("/" + bucket) && request.query().contains("list-type=2")) {
                return response.withBody(listedInArchiveClasses(response.bodyText()));
            }
            String key = request.path().startsWith("/" + bucket + "/") ? request.path().substring(bucket.length() + 2) : null;
            if (key == null || !LISTED_AS.containsKey(key)) {
                return response;
            }
            if (request.method().equals("HEAD")) {
                Response head = response.withHeader("x-amz-storage-class", LISTED_AS.get(key));
                return RESTORE_HEADER.containsKey(key) ? head.withHeader("x-amz-restore", RESTORE_HEADER.get(key)) : head;
            }
            if (request.method().equals("GET") && !key.equals(RESTORED)) {
                return Response.s3Error(403, "Forbidden", "InvalidObjectState", key.equals(TIERED)
                        ? "The operation is not valid for the object's access tier"
                        : "The operation is not valid for the object's storage class");
            }
            return response;
        });
    }

    /** A ListObjectsV2 answer with each archived key's StorageClass as AWS would list it. */
    private static String listedInArchiveClasses(String xml) {
        Matcher m = CONTENTS.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String entry = m.group(1);
            Matcher key = Pattern.compile("<Key>(.*?)</Key>").matcher(entry);
            String storageClass = key.find() ? LISTED_AS.get(key.group(1)) : null;
            if (storageClass != null) {
                entry = entry.replaceAll("<StorageClass>.*?</StorageClass>", "") + "<StorageClass>" + storageClass + "</StorageClass>";
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<Contents>" + entry + "</Contents>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static long count(RewritingProxy proxy, String method, String bucket, String key) {
        return proxy.requests().stream().filter(r -> r.method().equals(method) && r.path().equals("/" + bucket + "/" + key)).count();
    }
}
