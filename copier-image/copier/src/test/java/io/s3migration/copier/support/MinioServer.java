package io.s3migration.copier.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MinIO server (the binary `.ci/build-test-binaries.sh` builds from its Go module) on 127.0.0.1 with a
 * temporary data directory. {@link #binary()} is empty where it was not built: tests then skip with a reason.
 */
public final class MinioServer implements AutoCloseable {
    private final Process process;
    private final Path dataDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private MinioServer(Process process, Path dataDir, int port, String accessKey, String secretKey) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static Path cacheDir() {
        String env = System.getenv("S3M_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "s3migration");
    }

    /** The newest cached MinIO binary, if any. */
    public static Optional<Path> binary() {
        Path cache = cacheDir();
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("minio-"))
                    .map(d -> d.resolve("minio"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String skipReason() {
        return "MinIO binary not found under " + cacheDir() + "/minio-*/minio (build it with .ci/build-test-binaries.sh minio)";
    }

    public static MinioServer start(String accessKey, String secretKey, Path dataDir) throws Exception {
        Path bin = binary().orElseThrow(() -> new IllegalStateException(skipReason()));
        int port = freePort();
        int consolePort = freePort();
        Files.createDirectories(dataDir);
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "server", "--quiet", "--address", "127.0.0.1:" + port,
                "--console-address", "127.0.0.1:" + consolePort, dataDir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("minio.log").toFile());
        pb.environment().put("MINIO_ROOT_USER", accessKey);
        pb.environment().put("MINIO_ROOT_PASSWORD", secretKey);
        pb.environment().put("MINIO_BROWSER", "off");
        pb.environment().put("MINIO_UPDATE", "off");
        Process process = pb.start();
        MinioServer server = new MinioServer(process, dataDir, port, accessKey, secretKey);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("minio exited: " + Files.readString(dataDir.resolve("minio.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/minio/health/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("minio did not become ready");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public S3Endpoint asEndpoint() {
        return new S3Endpoint(endpoint(), accessKey, secretKey);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
