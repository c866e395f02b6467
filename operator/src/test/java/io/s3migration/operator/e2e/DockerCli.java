package io.s3migration.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The `docker` command line, for the tiers that run the product images; every call is bounded in time. */
final class DockerCli {
    private DockerCli() {
    }

    /** Output (stdout and stderr merged) and exit code of {@code docker args...}; exit -1 on timeout. */
    record Output(int exitCode, String text) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Output docker(Duration timeout, List<String> args) {
        List<String> command = Stream.concat(Stream.of("docker"), args.stream()).toList();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Output is small (ids, inspect fields, a log tail): read it fully, then wait.
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            return new Output(done ? process.exitValue() : -1, text);
        } catch (IOException e) {
            return new Output(-1, "cannot run docker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "interrupted");
        }
    }

    static Output docker(String... args) {
        return docker(Duration.ofSeconds(60), List.of(args));
    }

    /** Why images cannot run here (no engine, or no such image), or empty. */
    static Optional<String> cannotRun(String... images) {
        Output info = docker("info", "--format", "{{.ServerVersion}}");
        if (!info.ok()) {
            return Optional.of("no Docker engine (`docker info`: " + info.text().strip() + "); start one with .ci/start-docker.sh");
        }
        for (String image : images) {
            if (!docker("image", "inspect", "--format", "{{.Id}}", image).ok()) {
                return Optional.of("image " + image + " is not present (no registry to pull from here)"
                        + (image.startsWith("s3migration/") ? "; build it with .ci/build-images.sh" : "; docker pull or docker load it"));
            }
        }
        return Optional.empty();
    }
}
