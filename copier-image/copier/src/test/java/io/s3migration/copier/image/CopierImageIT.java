package io.s3migration.copier.image;

import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.CredentialFiles;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copier image (built by .ci/build-images.sh from copier-image/Dockerfile) run the way the operator's Job
 * runs it: non-root 65532, read-only root, no capabilities, no privilege escalation, /tmp a tmpfs, credentials
 * as read-only files, the summary in /dev/termination-log, settings only from {@link CopierEnv#write}.
 * The two S3 servers are embedded S3Proxy instances on 127.0.0.1 (host network), checked with separate clients.
 */
class CopierImageIT {
    static final String IMAGE = System.getProperty("s3m.copier.image", "s3migration/copier:dev");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static TwoServers servers;

    @BeforeAll
    static void servers() {
        DockerEngine.assumeImage(IMAGE);
        servers = new TwoServers();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void copiesEveryObjectByteForByteUnderThePodSecurityRestrictions(@TempDir Path dir) throws IOException {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(40, 12 * 1024 * 1024);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = config(Mode.COPY, bucket).withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS)
                // 12 MiB object above an 8 MiB threshold: the multipart path runs inside the container too.
                .withMultipart(8 * CopierSettings.MIB, 5 * CopierSettings.MIB);

        Run run = run(dir, config);

        assertEquals(0, run.result().exitCode(), () -> "exit code; stderr: " + run.result().stderr());
        for (Dataset.Item item : data.items()) {
            ResponseBytes<GetObjectResponse> copied = servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(item.key()));
            assertArrayEquals(item.content(), copied.asByteArray(), item.key());
            // Compared with what the source server reports (S3Proxy normalises "a; b" to "a;b" on the way in).
            String sourceType = servers.source.headObject(b -> b.bucket(bucket).key(item.key())).contentType();
            assertEquals(sourceType, copied.response().contentType(), item.key() + " content-type");
        }
        Summary summary = ProtocolJson.readSummary(run.terminationMessage())
                .orElseThrow(() -> new AssertionError("no summary in the termination message: " + run.terminationMessage()));
        assertEquals(ExitCode.SUCCEEDED, summary.exitCode());
        assertEquals(data.items().size(), summary.progress().objectsCopied());
        assertEquals(data.totalBytes(), summary.progress().bytesCopied());
        assertTrue(run.terminationMessage().length() <= Summary.TERMINATION_MESSAGE_LIMIT);
        String lastLine = run.result().stdout().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals(summary, ProtocolJson.readSummary(lastLine).orElseThrow(), "the last stdout line is the summary");
        for (String secret : List.of(TwoServers.SOURCE_SECRET, TwoServers.DESTINATION_SECRET)) {
            assertFalse(run.result().stdout().contains(secret) || run.result().stderr().contains(secret), "secret in the output");
        }
    }

    @Test
    void refusesLoopbackEndpointsUnlessAllowlisted(@TempDir Path dir) throws IOException {
        String bucket = servers.newBuckets();
        new Dataset(7).add("one.txt", 100, "text/plain", Map.of()).uploadTo(servers.source, bucket, "");

        Run run = run(dir, config(Mode.COPY, bucket)); // no S3M_ALLOWED_ADDRESSES: 127.0.0.1 is refused

        assertNotEquals(0, run.result().exitCode());
        Summary summary = ProtocolJson.readSummary(run.terminationMessage()).orElseThrow();
        assertNotEquals(ExitCode.SUCCEEDED, summary.exitCode());
        assertEquals(0, servers.destination.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).build()).keyCount(),
                "nothing may reach the destination");
    }

    @Test
    void invalidSettingsExitWithCodeTwoAndSaySo(@TempDir Path dir) throws IOException {
        Run run = run(dir, Map.of(CopierSettings.MODE.variable(), "teleport"));

        assertEquals(ExitCode.INVALID_INPUT.code(), run.result().exitCode());
        Summary summary = ProtocolJson.readSummary(run.terminationMessage()).orElseThrow();
        assertEquals(ExitCode.INVALID_INPUT, summary.exitCode());
        assertTrue(summary.message().contains(CopierSettings.MODE.variable()), summary.message());
    }

    @Test
    void startsFromTheClassArchiveBuiltIntoTheImage() throws IOException {
        // -Xshare:on makes a missing or stale archive (e.g. jar timestamps changed by a COPY) an error instead
        // of a silently slower start
        DockerEngine.Result result = DockerEngine.docker(Duration.ofSeconds(60), "run", "--rm", "--read-only",
                "--user", "65532", "--entrypoint", "/opt/java/bin/java", IMAGE, "@/app/jvm.options", "-Xshare:on",
                "-Xlog:cds=info:stdout", "-XX:+PrintCommandLineFlags", "-cp", "/app/copier.jar", "-version");

        assertEquals(0, result.exitCode(), () -> "the image's AppCDS archive is unusable: " + result.stdout() + result.stderr());
        assertTrue(result.stdout().contains("Mapped dynamic region"), () -> "the copier's own archive was not mapped: " + result.stdout());
        assertTrue(result.stdout().contains("-XX:+UseSerialGC"), () -> "jvm.options not applied: " + result.stdout());
        // C1 only (jvm.options), which is fast for https only because TLS runs natively (next test)
        assertTrue(result.stderr().contains("emulated-client"), () -> "the JIT is not C1 only: " + result.stderr());
    }

    @Test
    void tlsAndMd5RunNativelyUnderThePodsRestrictions() throws IOException {
        // the pod's read-only root, with /tmp noexec or not: the native library loads from where the image put it,
        // never from a copy in /tmp (Conscrypt copies one it finds in its own jar at every start)
        for (String tmp : List.of("/tmp:rw,noexec,nosuid,size=64m", "/tmp:rw,exec,size=64m")) {
            DockerEngine.Result result = DockerEngine.docker(Duration.ofSeconds(60), "run", "--rm", "--read-only",
                    "--user", "65532", "--tmpfs", tmp, "--entrypoint", "/opt/java/bin/java", IMAGE, "@/app/jvm.options",
                    "-Xlog:library=info:stdout", "-cp", "/app/copier.jar", "io.s3migration.copier.client.NativeCrypto");

            assertEquals(0, result.exitCode(), () -> tmp + ": no native crypto in the image: " + result.stdout() + result.stderr());
            assertTrue(result.stdout().contains("native crypto available: Conscrypt"), result::stdout);
            assertTrue(result.stdout().contains("Loaded library /app/native/libconscrypt_openjdk_jni-linux-x86_64.so"),
                    () -> tmp + ": Conscrypt's library did not load from /app/native: " + result.stdout());
        }
    }

    @Test
    void imageRunsAsNumericNonRootUserAndCarriesOciLabels() throws IOException {
        DockerEngine.Result inspect = DockerEngine.docker(Duration.ofSeconds(30), "image", "inspect", "--format",
                "{{.Config.User}}|{{index .Config.Labels \"org.opencontainers.image.title\"}}|{{json .Config.Entrypoint}}", IMAGE);
        String[] fields = inspect.stdout().strip().split("\\|", 3);
        assertEquals("65532:65532", fields[0], "USER");
        assertFalse(fields[1].isBlank(), "org.opencontainers.image.title label");
        assertTrue(fields[2].contains("io.s3migration.copier.Main"), "ENTRYPOINT runs the copier: " + fields[2]);
    }

    private static CopierConfig config(Mode mode, String bucket) {
        return CopierConfig.of(mode,
                new Bucket(servers.sourceServer.endpoint(), "us-east-1", bucket, "", true),
                new Bucket(servers.destinationServer.endpoint(), "us-east-1", bucket, "", true));
    }

    record Run(DockerEngine.Result result, String terminationMessage) {
    }

    private static Run run(Path dir, CopierConfig config) throws IOException {
        return run(dir, CopierEnv.write(config));
    }

    /** docker run with the restrictions of the operator's pod spec; the container's files live under {@code dir}. */
    private static Run run(Path dir, Map<String, String> env) throws IOException {
        Path credentials = CredentialsDir.write(dir.resolve("credentials"), servers.sourceServer.asEndpoint(),
                servers.destinationServer.asEndpoint());
        // Readable by uid 65532 like a Secret volume (0644 files), writable termination file like the kubelet's.
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path termination = Files.createFile(dir.resolve("termination-log"));
        Files.setPosixFilePermissions(termination, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        String name = "s3m-copier-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "--name", name, "--network", "host",
                "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--tmpfs", "/tmp:rw,noexec,nosuid,size=64m", "--memory", "512m",
                "-v", credentials + ":" + CredentialFiles.DEFAULT_DIR + ":ro",
                "-v", termination + ":" + CopierSettings.DEFAULT_TERMINATION_LOG));
        env.forEach((key, value) -> args.addAll(List.of("-e", key + "=" + value)));
        args.add(IMAGE);
        try {
            DockerEngine.Result result = DockerEngine.docker(RUN_TIMEOUT, args.toArray(String[]::new));
            return new Run(result, Files.readString(termination));
        } finally {
            DockerEngine.docker(Duration.ofSeconds(30), "rm", "-f", name);
        }
    }
}
