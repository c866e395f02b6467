package io.s3migration.copier.s3servers;

import io.s3migration.copier.support.ChildCopier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.SideSetting;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copier as the pod runs it: a separate JVM, settings in env vars, credentials in files, an exit code. */
class CopierProcessIT extends OnTwoServers {
    @Test
    void copiesAndExitsZeroWithSummaryInTerminationFileAndAsLastLine(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(40, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir);

        ChildCopier.Result result = ChildCopier.run(CopierEnv.write(config), List.of("-Xmx128m"), dir, 120);

        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        Summary fromFile = ProtocolJson.readSummary(Files.readString(dir.resolve("termination-log"))).orElseThrow();
        assertEquals(ExitCode.SUCCEEDED, fromFile.exitCode());
        assertEquals(data.items().size(), fromFile.progress().objectsCopied());
        List<String> lines = result.stdout().lines().toList();
        Summary lastLine = ProtocolJson.readSummary(lines.get(lines.size() - 1)).orElseThrow();
        assertEquals(fromFile, lastLine);
        assertEquals(data.items().size(), servers.destination.listObjectsV2(b -> b.bucket(bucket)).keyCount());
        // S3M_PROGRESS unset (auto) and stdout no terminal, as in a pod: JSON lines only, as the operator parses them
        assertFalse(CopierEnv.write(config).containsKey(CopierSettings.PROGRESS.variable()), "a Job's env leaves it out");
        for (String line : lines) {
            assertTrue(line.startsWith("{\"type\":\"") && line.endsWith("}") && !line.contains("\r"), line);
        }
    }

    @Test
    void aForcedHumanProgressLineIsRedrawnInPlaceAndTheFileKeepsTheJsonSummary(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(20, 0);
        data.uploadTo(servers.source, bucket, "");
        Map<String, String> env = new HashMap<>(CopierEnv.write(servers.config(Mode.COPY, bucket, dir)));
        env.put(CopierSettings.PROGRESS.variable(), "human");

        ChildCopier.Result result = ChildCopier.run(env, List.of("-Xmx128m"), dir, 120);

        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        assertFalse(result.stdout().contains("{\"type\""), result.stdout());
        int n = data.items().size();
        assertTrue(result.stdout().contains("\r\033[K[########################] 100.0%  " + n + "/" + n + " objects"), result.stdout());
        assertTrue(result.stdout().endsWith("\nexit 0\n"), result.stdout());
        assertTrue(result.stdout().contains("\ncopy succeeded: copied " + n + " objects"), result.stdout());
        Summary fromFile = ProtocolJson.readSummary(Files.readString(dir.resolve("termination-log"))).orElseThrow();
        assertEquals(ExitCode.SUCCEEDED, fromFile.exitCode());
    }

    @Test
    void wrongSecretExitsOneAndPrintsNoSecret(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(3, 0).uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir);
        String wrong = "wrong-Destination-Secret-111111111111111";
        CredentialsDir.write(Path.of(config.get(CopierSettings.CREDENTIALS_DIR)), TwoServers.SOURCE_KEY, TwoServers.SOURCE_SECRET,
                TwoServers.DESTINATION_KEY, wrong);

        ChildCopier.Result result = ChildCopier.run(CopierEnv.write(config), List.of(), dir, 120);

        assertEquals(ExitCode.FATAL.code(), result.exitCode(), result.stdout() + result.stderr());
        Summary summary = ProtocolJson.readSummary(Files.readString(dir.resolve("termination-log"))).orElseThrow();
        assertEquals(Reason.SignatureDoesNotMatch, summary.reason());
        assertTrue(summary.message().contains("destination-secret-access-key"), summary.message());
        for (String text : List.of(result.stdout(), result.stderr(), summary.message())) {
            assertFalse(text.contains(wrong));
            assertFalse(text.contains(TwoServers.SOURCE_SECRET));
        }
    }

    @Test
    void invalidSettingsExitTwoNamingTheSetting(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(CopierSettings.MODE.variable(), "copy");
        env.put(CopierSettings.SOURCE.variable(SideSetting.BUCKET), "a");
        env.put(CopierSettings.DESTINATION.variable(SideSetting.BUCKET), "b");
        env.put(CopierSettings.CONCURRENCY.variable(), "lots");
        env.put(CopierSettings.TERMINATION_LOG.variable(), dir.resolve("termination-log").toString());

        ChildCopier.Result result = ChildCopier.run(env, List.of(), dir, 60);

        assertEquals(ExitCode.INVALID_INPUT.code(), result.exitCode());
        Summary summary = ProtocolJson.readSummary(Files.readString(dir.resolve("termination-log"))).orElseThrow();
        assertEquals(Reason.InvalidInput, summary.reason());
        assertTrue(summary.message().contains(CopierSettings.CONCURRENCY.variable()), summary.message());
    }
}
