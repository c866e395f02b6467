package io.s3migration.operator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * rclone on the host as the independent client: it seeds the source and checks the destination byte by byte,
 * reaching the MinIO pods over the pod network. Remotes "src" and "dst" are configured through the environment.
 */
final class Rclone {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> env = new HashMap<>();

    Rclone(MinioServers storage) {
        remote("SRC", storage.source());
        remote("DST", storage.destination());
        // A CA bundle exported on CI machines makes rclone's S3 client fail even over plain http (BUILD-NOTES).
        env.put("AWS_CA_BUNDLE", "");
    }

    private void remote(String name, MinioServers.Server server) {
        String prefix = "RCLONE_CONFIG_" + name + "_";
        env.put(prefix + "TYPE", "s3");
        env.put(prefix + "PROVIDER", "Minio");
        env.put(prefix + "ENDPOINT", server.endpoint());
        env.put(prefix + "REGION", "us-east-1");
        env.put(prefix + "ACCESS_KEY_ID", server.accessKeyId());
        env.put(prefix + "SECRET_ACCESS_KEY", server.secretAccessKey());
    }

    Command command(String... args) {
        List<String> argv = new ArrayList<>(List.of("rclone"));
        argv.addAll(List.of(args));
        return new Command(argv, env, null, Duration.ofMinutes(3));
    }

    Command.Result run(String... args) {
        return command(args).run();
    }

    void mkdir(String remotePath) {
        command("mkdir", remotePath).runOrFail();
    }

    /**
     * Puts {@code count} objects of {@code size} bytes (different bytes each) under {@code prefix} into
     * src:bucket, with a few keys that need escaping; returns their keys.
     */
    List<String> seed(String bucket, String prefix, int count, int size) {
        mkdir("src:" + bucket);
        mkdir("dst:" + bucket);
        try {
            Path dir = Files.createTempDirectory("s3m-seed");
            Random random = new Random(bucket.hashCode());
            List<String> keys = new ArrayList<>();
            String[] tricky = {"with space %d.bin", "ünïcødé-%d.bin", "plus+and=equals(%d).bin", "hash#%d.bin"};
            for (int i = 0; i < count; i++) {
                String name = i < tricky.length ? tricky[i].formatted(i) : "obj-%05d.bin".formatted(i);
                String key = prefix + name;
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                Path file = dir.resolve(key);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                keys.add(key);
            }
            command("copy", dir.toString(), "src:" + bucket, "--transfers", "16").runOrFail();
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** rclone check --download: every object read back from both ends and compared byte by byte. */
    Command.Result checkDownload(String bucket) {
        return run("check", "--download", "--one-way", "src:" + bucket, "dst:" + bucket);
    }

    /** key -> [size, server modification time] of every object in remote:bucket. */
    Map<String, List<String>> list(String remoteBucket) {
        String listing = command("lsjson", "-R", "--files-only", "--use-server-modtime", remoteBucket).runOrFail();
        try {
            Map<String, List<String>> objects = new TreeMap<>();
            for (JsonNode entry : JSON.readTree(listing)) {
                objects.put(entry.get("Path").asText(), List.of(entry.get("Size").asText(), entry.get("ModTime").asText()));
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
