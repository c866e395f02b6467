package io.s3migration.operator.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A command line the tier runs as a user would (kubectl, rclone); every call is bounded in time. */
record Command(List<String> argv, Map<String, String> env, String stdin, Duration timeout) {

    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        /** stdout, after failing the test with everything printed when the command did not succeed. */
        String orFail(Command command) {
            if (!ok()) {
                fail(String.join(" ", command.argv()) + " exited " + exitCode + "\nstdout: " + out + "\nstderr: " + err);
            }
            return out;
        }
    }

    static Command of(Map<String, String> env, String... argv) {
        return new Command(List.of(argv), env, null, Duration.ofMinutes(2));
    }

    Command withStdin(String text) {
        return new Command(argv, env, text, timeout);
    }

    Command withTimeout(Duration limit) {
        return new Command(argv, env, stdin, limit);
    }

    Result run() {
        ProcessBuilder builder = new ProcessBuilder(argv);
        // An empty value removes the variable (e.g. a CA bundle the machine exports that a tool must not see).
        env.forEach((key, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, out.getNow(""), "timed out after " + timeout);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    String runOrFail() {
        return run().orFail(this);
    }

    private static String drain(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
