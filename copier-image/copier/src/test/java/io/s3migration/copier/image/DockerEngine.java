package io.s3migration.copier.image;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The local Docker engine through its CLI (what CI and users have); tests skip with a reason without it. */
public final class DockerEngine {
    private DockerEngine() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Skips the calling test, with the reason printed, unless the engine answers and {@code image} exists. */
    public static void assumeImage(String image) {
        Optional<String> reason = unavailable(image);
        reason.ifPresent(r -> System.out.println("SKIPPED image tier: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElseThrow());
    }

    static Optional<String> unavailable(String image) {
        try {
            Result info = docker(Duration.ofSeconds(30), "info", "--format", "{{.ServerVersion}}");
            if (info.exitCode() != 0) {
                return Optional.of("no Docker engine (`docker info` failed: " + info.stderr().strip()
                        + "); start one with .ci/start-docker.sh");
            }
            if (docker(Duration.ofSeconds(30), "image", "inspect", image).exitCode() != 0) {
                return Optional.of("image " + image + " not found; build it with .ci/build-images.sh");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no docker CLI: " + e.getMessage());
        }
    }

    /** Runs {@code docker args...}; on timeout the process is killed and the result has exit code -1. */
    public static Result docker(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        Path out = Files.createTempFile("docker", ".out");
        Path err = Files.createTempFile("docker", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly().waitFor();
            }
            return new Result(done ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
