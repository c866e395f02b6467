package io.s3migration.copier.s3servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.S3Endpoint;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * One full copy checked by a client that shares no code with the copier: rclone (Debian's package), which
 * downloads both sides and compares every byte, and lists both sides' metadata. A negative control proves
 * the check can fail.
 */
class IndependentClientCheckIT {
    static final Path RCLONE = Path.of("/usr/bin/rclone");

    record Run(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    @Test
    void rcloneFindsBothSidesIdenticalByteForByteAndInMetadata(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RCLONE), "rclone not installed (apt-get install -y rclone)");
        try (TwoServers servers = new TwoServers()) {
            String bucket = servers.newBuckets();
            Dataset data = Dataset.standard(60, 12 * 1024 * 1024);
            data.uploadTo(servers.source, bucket, "");
            Summary summary = Copier.run(servers.config(Mode.COPY, bucket, dir)
                    .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE), new Captured(false).stream());
            assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());

            S3Endpoint src = servers.sourceServer.asEndpoint();
            S3Endpoint dst = servers.destinationServer.asEndpoint();
            Run check = rclone(src, dst, dir, "check", "--download", "--one-way", "src:" + bucket, "dst:" + bucket);
            assertEquals(0, check.exitCode(), check.output());
            System.out.println("rclone check --download: " + check.output().lines().filter(l -> l.contains("matching")).findFirst().orElse(check.output()));

            Map<String, JsonNode> srcMeta = metadata(rclone(src, dst, dir, "lsjson", "-R", "--metadata", "--files-only", "src:" + bucket));
            Map<String, JsonNode> dstMeta = metadata(rclone(src, dst, dir, "lsjson", "-R", "--metadata", "--files-only", "dst:" + bucket));
            assertEquals(data.items().size(), srcMeta.size());
            assertEquals(srcMeta.keySet(), dstMeta.keySet());
            Map<String, String> report = comparable(srcMeta.get("docs/report.html"));
            System.out.println("rclone sees docs/report.html as " + report);
            assertEquals("tester", report.get("author"), "rclone reads user metadata, so the comparison means something");
            for (String key : srcMeta.keySet()) {
                assertEquals(comparable(srcMeta.get(key)), comparable(dstMeta.get(key)), key);
            }

            // negative control: one changed byte must make the same check fail
            Dataset.Item victim = data.items().get(3);
            byte[] changed = victim.content().clone();
            changed[changed.length - 1] ^= 0x55;
            servers.destination.putObject(b -> b.bucket(bucket).key(victim.key()), RequestBody.fromBytes(changed));
            Run failing = rclone(src, dst, dir, "check", "--download", "--one-way", "src:" + bucket, "dst:" + bucket);
            assertNotEquals(0, failing.exitCode(), "rclone must notice a changed byte");
        }
    }

    static Map<String, JsonNode> metadata(Run run) throws Exception {
        assertEquals(0, run.exitCode(), run.output());
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (JsonNode item : new ObjectMapper().readTree(run.stdout())) {
            byKey.put(item.path("Path").asText(), item);
        }
        return byKey;
    }

    /** Size, MIME type and metadata, without the times (a copy is newer) and the copier's own evidence entry. */
    static Map<String, String> comparable(JsonNode item) {
        Map<String, String> out = new TreeMap<>();
        out.put("size", item.path("Size").asText());
        out.put("mime", item.path("MimeType").asText());
        item.path("Metadata").fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (!k.equals("mtime") && !k.equals("btime") && !k.equals("s3m-source-etag")) {
                out.put(k, e.getValue().asText());
            }
        });
        return out;
    }

    static Run rclone(S3Endpoint src, S3Endpoint dst, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RCLONE.toString(), "--config", dir.resolve("rclone.conf").toString()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, "rclone", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        Map<String, String> env = pb.environment();
        env.remove("AWS_CA_BUNDLE"); // BUILD-NOTES: rclone fails with a CA bundle even on plain http
        configure(env, "SRC", src);
        configure(env, "DST", dst);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), output, Files.readString(stderr));
    }

    static void configure(Map<String, String> env, String name, S3Endpoint e) {
        String p = "RCLONE_CONFIG_" + name + "_";
        env.put(p + "TYPE", "s3");
        env.put(p + "PROVIDER", "Other");
        env.put(p + "ENDPOINT", e.url());
        env.put(p + "REGION", "us-east-1");
        env.put(p + "ACCESS_KEY_ID", e.accessKey());
        env.put(p + "SECRET_ACCESS_KEY", e.secretKey());
        env.put(p + "FORCE_PATH_STYLE", "true");
    }
}
