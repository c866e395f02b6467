package io.s3migration.copier.s3servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3migration.copier.Copier;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.RunReport;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.copier.run.CopyRun;
import io.s3migration.copier.run.PreflightRun;
import io.s3migration.copier.side.Sides;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 on two S3Proxy servers: the run's report, reports never taken for data, changes during a pass, one exact key. */
class ReportAndSingleKeyIT extends OnTwoServers {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVerifyReportListsEveryDifferenceWithItsOutcomeAndEndsWithTheSummary(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(6, 0).uploadTo(servers.source, bucket, "");
        CopierConfig copy = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null)
                .with(CopierSettings.MIGRATION, "photos").with(CopierSettings.PASS, 2).with(CopierSettings.REPORT_PREFIX, "_reports/");
        Summary copied = Copier.run(copy, new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, copied.exitCode(), copied.message());
        assertNotNull(copied.reportKey(), "a clean copy writes its report too (its summary line)");
        List<String> sourceKeys = keys(servers.source, bucket, "");
        servers.destination.deleteObject(b -> b.bucket(bucket).key(sourceKeys.get(0)));
        servers.destination.putObject(PutObjectRequest.builder().bucket(bucket).key(sourceKeys.get(1)).build(), RequestBody.fromString("other bytes"));

        Summary verified = Copier.run(copy.with(CopierSettings.MODE, Mode.VERIFY), new Captured(false).stream());

        assertEquals(ExitCode.PARTIAL, verified.exitCode(), verified.message());
        assertTrue(verified.reportKey().matches("_reports/photos/2-\\d{8}T\\d{6}\\.\\d{3}Z\\.jsonl"), verified.reportKey());
        List<JsonNode> lines = report(bucket, verified.reportKey());
        assertEquals("run", lines.get(0).get("type").asText());
        assertEquals("verify", lines.get(0).get("mode").asText());
        assertEquals(2, lines.get(0).get("pass").asInt());
        List<JsonNode> objects = lines.stream().filter(l -> l.get("type").asText().equals("object")).toList();
        assertEquals(2, objects.size(), lines.toString());
        assertEquals(sourceKeys.get(0), objects.get(0).get("key").asText());
        assertEquals("missing", objects.get(0).get("outcome").asText());
        assertEquals(sourceKeys.get(1), objects.get(1).get("key").asText());
        assertEquals("mismatched", objects.get(1).get("outcome").asText());
        JsonNode summary = lines.get(lines.size() - 1);
        assertEquals("summary", summary.get("type").asText());
        assertEquals("VerificationFailed", summary.get("reason").asText());
        assertEquals(verified.reportKey(), summary.get("reportKey").asText());
        assertTrue(!copied.reportKey().equals(verified.reportKey()), "each run its own file");
    }

    @Test
    void aCopyReportNamesEveryFailedObjectAndIsWrittenAfterAFatalErrorToo(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(5, 0).uploadTo(servers.source, bucket, "");
        String denied = keys(servers.source, bucket, "").get(2);
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null)
                .with(CopierSettings.MIGRATION, "m").with(CopierSettings.REPORT_PREFIX, "_reports/");
        S3Client destination = servers.destinationServer.asEndpoint().plainClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().equals(denied)) {
                    throw S3Exception.builder().statusCode(403).message("AccessDenied for a test")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build();
                }
            }
        });
        Summary summary;
        try (Sides sides = new Sides(config, servers.sourceServer.asEndpoint().plainClient(), destination);
             RunReport report = RunReport.open(config, Scrubber.generic(), Instant.now())) {
            summary = report.publish(new CopyRun(sides, new Output(new Captured(false).stream(), Scrubber.generic()), report).run(),
                    sides::destination);
        }
        assertEquals(ExitCode.PARTIAL, summary.exitCode(), summary.message());
        List<JsonNode> objects = report(bucket, summary.reportKey()).stream().filter(l -> l.get("type").asText().equals("object")).toList();
        assertEquals(1, objects.size());
        assertEquals(denied, objects.get(0).get("key").asText());
        assertEquals("failed", objects.get(0).get("outcome").asText());
        assertTrue(objects.get(0).get("detail").asText().contains("AccessDenied"), objects.toString());

        // A fatal error (the source bucket is gone): the report still says why the run stopped.
        Summary fatal = Copier.run(config.with(CopierSettings.SOURCE, CopierIT.named(config.source(), "no-such-bucket")),
                new Captured(false).stream());
        assertEquals(ExitCode.FATAL, fatal.exitCode(), fatal.message());
        List<JsonNode> lines = report(bucket, fatal.reportKey());
        assertEquals(Reason.NoSuchBucket.name(), lines.get(lines.size() - 1).get("reason").asText());
    }

    @Test
    void reportsInTheSameBucketAreNeverCopiedOrVerifiedAsData(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(4, 0);
        data.uploadTo(servers.destination, bucket, "data/");
        int n = data.items().size();
        servers.destination.putObject(PutObjectRequest.builder().bucket(bucket).key("data/_reports/m/0-old.jsonl").build(),
                RequestBody.fromString("{}"));
        // one bucket, one server: copy data/ to copy/, the reports under data/_reports/
        CopierConfig base = servers.config(Mode.COPY, bucket, dir);
        CredentialsDir.write(dir.resolve("credentials"), servers.destinationServer.asEndpoint(), servers.destinationServer.asEndpoint());
        String endpoint = servers.destinationServer.endpoint();
        CopierConfig config = base.with(CopierSettings.TERMINATION_LOG, null)
                .with(CopierSettings.SOURCE, new Bucket(endpoint, "us-east-1", bucket, "data/", true))
                .with(CopierSettings.DESTINATION, new Bucket(endpoint, "us-east-1", bucket, "copy/", true))
                .with(CopierSettings.MIGRATION, "m").with(CopierSettings.REPORT_PREFIX, "data/_reports/");

        Summary first = Copier.run(config, new Captured(false).stream());
        Summary second = Copier.run(config, new Captured(false).stream());
        Summary verified = Copier.run(config.with(CopierSettings.MODE, Mode.VERIFY), new Captured(false).stream());

        assertEquals(n, first.progress().objectsCopied(), first.message());
        assertEquals(n, second.progress().objectsTotal(), "the first run's report is no data: " + second.message());
        assertEquals(ExitCode.SUCCEEDED, verified.exitCode(), verified.message());
        assertEquals(n, verified.verification().objectsMatched());
        assertTrue(keys(servers.destination, bucket, "copy/").stream().noneMatch(k -> k.contains("_reports")));
        assertEquals(4, keys(servers.destination, bucket, "data/_reports/").size(), "the old one and the three runs'");
    }

    @Test
    void objectsWrittenToTheSourceDuringThePassAreReportedApartFromTrueDifferences(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(5, 0).uploadTo(servers.source, bucket, "");
        CopierConfig copy = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null)
                .with(CopierSettings.MIGRATION, "m").with(CopierSettings.REPORT_PREFIX, "_reports/");
        assertEquals(ExitCode.SUCCEEDED, Copier.run(copy, new Captured(false).stream()).exitCode());
        // LastModified has whole seconds: the pass "starts" at a second boundary after the seeding.
        Thread.sleep(1100);
        Instant passStarted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> keys = keys(servers.source, bucket, "");
        servers.source.putObject(PutObjectRequest.builder().bucket(bucket).key(keys.get(0)).build(), RequestBody.fromString("rewritten"));
        servers.source.putObject(PutObjectRequest.builder().bucket(bucket).key("zz-new-during-the-pass").build(), RequestBody.fromString("new"));
        CopierConfig verify = copy.with(CopierSettings.MODE, Mode.VERIFY).with(CopierSettings.PASS_STARTED, passStarted);

        Summary onlyChanged = Copier.run(verify, new Captured(false).stream());

        assertEquals(ExitCode.PARTIAL, onlyChanged.exitCode(), onlyChanged.message());
        assertEquals(Reason.SourceChangedDuringPass, onlyChanged.reason(), onlyChanged.message());
        assertEquals(2, onlyChanged.verification().objectsChangedDuringPass());
        assertEquals(0, onlyChanged.verification().objectsMissing());
        assertEquals(0, onlyChanged.verification().objectsMismatched());
        List<String> outcomes = report(bucket, onlyChanged.reportKey()).stream().filter(l -> l.get("type").asText().equals("object"))
                .map(l -> l.get("outcome").asText()).toList();
        assertEquals(List.of("changedDuringPass", "changedDuringPass"), outcomes);

        // An older object changed at the destination is a true difference: it wins the reason.
        servers.destination.putObject(PutObjectRequest.builder().bucket(bucket).key(keys.get(1)).build(), RequestBody.fromString("tampered"));
        Summary both = Copier.run(verify, new Captured(false).stream());
        assertEquals(Reason.VerificationFailed, both.reason(), both.message());
        assertEquals(1, both.verification().objectsMismatched());
        assertEquals(2, both.verification().objectsChangedDuringPass());

        Summary withoutPassStart = Copier.run(verify.with(CopierSettings.PASS_STARTED, null), new Captured(false).stream());
        assertEquals(0, withoutPassStart.verification().objectsChangedDuringPass(), "no pass start: every difference is true");
        assertEquals(3, withoutPassStart.verification().objectsMissing() + withoutPassStart.verification().objectsMismatched());
    }

    @Test
    void aSingleKeyCopiesVerifiesAndPreflightsThatObjectOnlyNotItsSigNeighbour(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        for (String key : List.of("docs/report.pdf", "docs/report.pdf.sig", "docs/report.pdfx", "docs/other.txt")) {
            servers.source.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromString("body of " + key));
        }
        // a neighbour at the destination that differs: not this run's object, so not a difference either
        servers.destination.putObject(PutObjectRequest.builder().bucket(bucket).key("kept/report.pdf.sig").build(), RequestBody.fromString("x"));
        CopierConfig base = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        CopierConfig one = base.withSides(base.source().withExactKey("docs/report.pdf"), base.destination().withExactKey("kept/report.pdf"));

        Summary copied = Copier.run(one, new Captured(false).stream());
        Summary again = Copier.run(one, new Captured(false).stream());
        Summary verified = Copier.run(one.with(CopierSettings.MODE, Mode.VERIFY), new Captured(false).stream());
        Summary preflight = Copier.run(one.with(CopierSettings.MODE, Mode.PREFLIGHT), new Captured(false).stream());

        assertEquals(ExitCode.SUCCEEDED, copied.exitCode(), copied.message());
        assertEquals(1, copied.progress().objectsTotal());
        assertEquals(List.of("kept/report.pdf", "kept/report.pdf.sig"), keys(servers.destination, bucket, ""));
        assertEquals("body of docs/report.pdf", servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("kept/report.pdf")).asUtf8String());
        assertEquals(1, again.progress().objectsSkipped(), again.message());
        assertEquals(1, verified.verification().objectsMatched(), verified.message());
        assertEquals(ExitCode.SUCCEEDED, verified.exitCode(), verified.message());
        assertEquals(ExitCode.SUCCEEDED, preflight.exitCode(), preflight.message());

        // "docs/report" is no object, although keys start with it: nothing to copy, and pre-flight says so.
        CopierConfig absent = one.withSides(base.source().withExactKey("docs/report"), one.destination());
        Summary refused = Copier.run(absent.with(CopierSettings.MODE, Mode.PREFLIGHT), new Captured(false).stream());
        assertEquals(ExitCode.PREFLIGHT_FAILED, refused.exitCode(), refused.message());
        assertEquals(Reason.EmptySource, refused.reason());
        assertTrue(refused.message().contains("s3://" + bucket + "/docs/report (this one key)"), refused.message());
        assertEquals(Reason.EmptySource, Copier.run(absent, new Captured(false).stream()).reason());
        assertNull(copied.reportKey(), "no report prefix, no report");
    }

    private static List<String> keys(S3Client s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach((S3Object o) -> keys.add(o.key()));
        return keys;
    }

    private static List<JsonNode> report(String bucket, String key) throws Exception {
        assertNotNull(key, "the summary names the report");
        String text = servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
