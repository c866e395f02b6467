package io.s3migration.copier.support;

import io.s3migration.copier.client.S3ClientFactory;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the copier as a real child process ({@code java -cp ... Main}) with its settings in the environment only. */
public final class ChildCopier {
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildCopier() {
    }

    public static Result run(Map<String, String> env, List<String> jvmOptions, Path workDir, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = start(env, jvmOptions, workDir);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("copier did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(workDir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    public static Process start(Map<String, String> env, List<String> jvmOptions, Path workDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (System.getProperty(S3ClientFactory.SDK_ONLY) != null) { // the suite's run on the SDK path: the child too
            command.add("-D" + S3ClientFactory.SDK_ONLY + "=" + System.getProperty(S3ClientFactory.SDK_ONLY));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.s3migration.copier.Main");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(workDir.resolve("stdout").toFile())
                .redirectError(workDir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("S3M_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    public static Map<String, String> env(CopierConfig config) {
        return CopierEnv.write(config);
    }
}
