package io.s3migration.copier.s3servers;

import io.s3migration.copier.support.ChildCopier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.FaultyProxy;
import io.s3migration.copier.support.RewritingProxy;
import io.s3migration.copier.support.TwoMinio;
import io.s3migration.copier.support.S3Endpoint;
import io.s3migration.copier.support.ShardedKeys;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's MinIO proof, copier side: 100,000 objects (nested folders, a hot prefix, flat keys, unicode and the
 * tricky-key corpus, keys at both ends of the key space: {@link ShardedKeys}) planned into 4 ranges from at most 100
 * list requests, each within 2x of an equal share, then copied by 4 heap-capped child copiers at once, one per range;
 * one of them is killed after its first checkpoint and resumed from it (S3M_CHECKPOINT + S3M_CHECKPOINT_COUNTS of
 * its last progress line, as the operator does). Every object arrives byte-exact (ETag and size, listed by an
 * independent client), no object is stored twice (a counting proxy in front of the destination), each shard copies
 * exactly the keys of its range, counted from the seeded keys. The only PUTs sent twice are the killed run's in-flight
 * ones that stored nothing, and the resume skips exactly what the killed run stored after its checkpoint.
 * About 3-4 minutes on 2 cores, most of it seeding; skips with a reason where MinIO was not built.
 */
class ShardedCopyIT {
    static final int OBJECTS = 100_000;
    static final int SHARDS = 4;
    static final int KILLED = 1;
    static final String BUCKET = "sharded";
    static final List<String> HEAP_CAP = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");
    static Path dir;
    static TwoMinio minio;
    static FaultyProxy counting;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        minio = TwoMinio.startOrSkip(tmp, "minio");
        counting = new FaultyProxy(minio.destination.port(), 0, 0, 18);
    }

    @AfterAll
    static void stop() {
        if (counting != null) {
            counting.close();
        }
        if (minio != null) {
            minio.close();
        }
    }

    @Test
    void fourShardsCopyEveryObjectOnceAndAKilledShardResumesFromItsCheckpoint() throws Exception {
        List<String> keys = ShardedKeys.seeded(OBJECTS);
        assertEquals(OBJECTS, keys.stream().distinct().count());
        double seedSeconds = seed(keys);

        // plan: 4 ranges from a sample, never the whole listing
        Child plan = Child.start("plan", config(Mode.PLAN).with(CopierSettings.SHARDS, SHARDS), Map.of());
        plan.await();
        assertEquals(0, plan.exitCode(), plan.tail());
        List<RangeLine> ranges = ProtocolJson.rangesIn(plan.stdout());
        assertEquals(SHARDS, ranges.size(), plan.tail());
        assertNull(ranges.get(0).range().after());
        assertNull(ranges.get(SHARDS - 1).range().upTo());
        long[] inRange = new long[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            assertEquals(i, ranges.get(i).index());
            if (i > 0) {
                assertEquals(ranges.get(i - 1).upTo(), ranges.get(i).after(), "consecutive ranges share their boundary");
            }
            KeyRange range = ranges.get(i).range();
            inRange[i] = keys.stream().filter(range::holds).count(); // counted from the seeded keys, not by the copier
        }
        assertEquals(OBJECTS, java.util.Arrays.stream(inRange).sum(), "every key in exactly one range");
        for (long n : inRange) {
            assertTrue(n >= OBJECTS / SHARDS / 2 && n <= 2 * OBJECTS / SHARDS, "each range within 2x of an equal share: "
                    + java.util.Arrays.toString(inRange) + "; " + plan.summary().message());
        }

        // 4 shards at once; shard KILLED is stopped after its first checkpoint and resumed from it
        List<Child> shards = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            shards.add(Child.start("shard-" + i, shardConfig(ranges.get(i)), Map.of()));
        }
        Child killed = shards.get(KILLED);
        ProgressLine checkpoint = killed.awaitCheckpoint(Duration.ofMinutes(5));
        killed.process.destroy();
        assertTrue(killed.process.waitFor(60, TimeUnit.SECONDS), "the killed shard stops");
        checkpoint = ProtocolJson.newestProgressLine(killed.stdout()).filter(l -> l.checkpointCounts() != null
                && l.progress().lastKey() != null).orElse(checkpoint); // its last word before it stopped
        for (Child shard : shards) {
            if (shard != killed) {
                shard.await();
            }
        }
        // What the killed run left after its checkpoint: a PUT it had in flight when it was stopped may have reached
        // the server whole and still stored nothing (the server drops a request whose client went away).
        Map<String, Integer> putsBeforeResume = counting.puts();
        KeyRange afterCheckpoint = new KeyRange(ranges.get(KILLED).range().startAfter(checkpoint.progress().lastKey()),
                ranges.get(KILLED).upTo());
        Set<String> storedAfterCheckpoint = destinationKeys(afterCheckpoint);
        Child resumed = Child.start("shard-" + KILLED + "-resumed", shardConfig(ranges.get(KILLED))
                .withCheckpoint(checkpoint.progress().lastKey(), checkpoint.checkpointCounts()), Map.of());
        resumed.await();

        System.out.printf("%d objects seeded in %.0f s; plan: %s (%.1f s wall with JVM start)%n", OBJECTS, seedSeconds,
                plan.summary().message(), plan.seconds);
        for (int i = 0; i < SHARDS; i++) {
            Child shard = i == KILLED ? resumed : shards.get(i);
            Summary s = shard.summary();
            System.out.printf("range %d %s: estimated %d, holds %d; %s in %.1f s%s%n", i, ranges.get(i).range(),
                    ranges.get(i).estimatedObjects(), inRange[i], s.message(), shard.seconds,
                    i == KILLED ? String.format(Locale.ROOT, " (killed after %.1f s at checkpoint %s with %s, resumed)",
                            killed.seconds, checkpoint.progress().lastKey(), checkpoint.checkpointCounts()) : "");
        }

        long copied = 0;
        for (int i = 0; i < SHARDS; i++) {
            Child shard = i == KILLED ? resumed : shards.get(i);
            Summary s = shard.summary();
            assertEquals(0, shard.exitCode(), shard.tail());
            var p = s.progress();
            assertEquals(0, p.objectsFailed(), shard.tail());
            assertEquals(inRange[i], p.objectsDone(), "shard " + i + " accounts for every key of its range once: " + s.message());
            assertEquals(p.objectsTotal(), p.objectsDone(), "shard " + i + "'s counts add up: " + s.message());
            if (i != KILLED) {
                assertEquals(inRange[i], p.objectsCopied(), "shard " + i + " copied exactly its range: " + s.message());
                assertEquals(0, p.objectsSkipped(), s.message());
            }
            copied += p.objectsCopied();
        }
        // the resumed shard finds what the killed run stored after its checkpoint: skipped, not PUT again
        long skippedOnResume = resumed.summary().progress().objectsSkipped();
        assertEquals(OBJECTS, copied + skippedOnResume);
        assertEquals(storedAfterCheckpoint.size(), skippedOnResume, "the resume skips exactly what the killed run stored");
        Map<String, Integer> putsByResume = new TreeMap<>(counting.puts());
        putsByResume.entrySet().removeIf(e -> e.getValue().equals(putsBeforeResume.get(e.getKey())));
        for (Map.Entry<String, Integer> put : putsByResume.entrySet()) {
            String key = keyOf(put.getKey());
            assertTrue(afterCheckpoint.holds(key), "the resume PUT only keys after its checkpoint: " + key);
            assertTrue(!storedAfterCheckpoint.contains(key), "the resume PUT a key the killed run had stored: " + key);
            assertEquals(1, put.getValue() - putsBeforeResume.getOrDefault(put.getKey(), 0), "resume PUTs of " + key);
        }
        assertEquals(resumed.summary().progress().objectsCopied() - checkpoint.checkpointCounts().objectsCopied(),
                putsByResume.size(), "one PUT per object the resume copied");
        // a PUT counted twice is one the kill cut off (stored nothing) and the resume sent again
        List<String> cutOffByTheKill = putsBeforeResume.keySet().stream().map(ShardedCopyIT::keyOf)
                .filter(k -> afterCheckpoint.holds(k) && !storedAfterCheckpoint.contains(k)).toList();
        assertTrue(cutOffByTheKill.size() <= CopierSettings.DEFAULT_CONCURRENCY,
                "no more cut-off PUTs than requests in flight: " + cutOffByTheKill);
        Map<String, Integer> putTwice = counting.putTwice();
        assertEquals(cutOffByTheKill.size(), putTwice.size(), "PUT twice: " + putTwice + "; cut off: " + cutOffByTheKill);
        assertTrue(putTwice.values().stream().allMatch(n -> n == 2), "no object PUT more than twice: " + putTwice);
        assertEquals(OBJECTS + cutOffByTheKill.size(), counting.requests("PUT"), "one PUT per object at the destination, "
                + "plus the ones the kill cut off (" + putsBeforeResume.size() + " before the resume)");
        System.out.printf("resume: %d stored by the killed run after its checkpoint skipped, %d PUT again after the kill "
                + "cut them off%n", storedAfterCheckpoint.size(), cutOffByTheKill.size());
        assertByteExact();

        // verify keeps to a range too: only that shard's keys (the largest range's), all matched
        int largest = 0;
        for (int i = 1; i < SHARDS; i++) {
            largest = inRange[i] > inRange[largest] ? i : largest;
        }
        Child verify = Child.start("verify-" + largest, shardConfig(ranges.get(largest)).with(CopierSettings.MODE, Mode.VERIFY), Map.of());
        verify.await();
        assertEquals(0, verify.exitCode(), verify.tail());
        assertEquals(inRange[largest], verify.summary().verification().objectsMatched(), verify.summary().message());
        assertEquals(inRange[largest], verify.summary().progress().objectsTotal());
    }

    /** The keys at the destination within {@code range}, as an independent client lists them. */
    private static Set<String> destinationKeys(KeyRange range) {
        Set<String> keys = new TreeSet<>();
        minio.dst.listObjectsV2Paginator(b -> b.bucket(BUCKET).startAfter(range.after())).contents().stream()
                .map(S3Object::key).filter(range::holds).forEach(keys::add);
        return keys;
    }

    /** The object key of a PUT target as sent ({@code /bucket/encoded-key?query}). */
    static String keyOf(String target) {
        return RewritingProxy.Request.path(target).substring(("/" + BUCKET + "/").length());
    }

    /** The destination holds every source object with the same ETag and size, as an independent client lists them. */
    private static void assertByteExact() {
        Map<String, S3Object> at = new HashMap<>();
        minio.dst.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(o -> at.put(o.key(), o));
        int compared = 0;
        for (S3Object o : minio.src.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            S3Object copy = at.get(o.key());
            assertTrue(copy != null, "missing at the destination: " + o.key());
            assertEquals(o.eTag(), copy.eTag(), o.key());
            assertEquals(o.size(), copy.size(), o.key());
            compared++;
        }
        assertEquals(OBJECTS, compared);
        assertEquals(OBJECTS, at.size(), "nothing else at the destination");
    }

    private static double seed(List<String> keys) throws Exception {
        minio.src.createBucket(b -> b.bucket(BUCKET));
        minio.dst.createBucket(b -> b.bucket(BUCKET));
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int slice = t;
            futures.add(pool.submit(() -> {
                for (int i = slice; i < keys.size(); i += 32) {
                    String key = keys.get(i);
                    minio.src.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("body of " + key + " #" + i));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - started) / 1e9;
    }

    static CopierConfig config(Mode mode) {
        S3Endpoint viaProxy = new S3Endpoint(counting.endpoint(), minio.destination.asEndpoint().accessKey(),
                minio.destination.asEndpoint().secretKey());
        Path credentials = CredentialsDir.write(dir.resolve("credentials"), minio.source.asEndpoint(), viaProxy);
        return CopierConfig.of(mode, new Bucket(minio.source.endpoint(), "us-east-1", BUCKET, "", true),
                        new Bucket(counting.endpoint(), "us-east-1", BUCKET, "", true))
                .with(CopierSettings.CREDENTIALS_DIR, credentials.toString())
                .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS)
                .with(CopierSettings.PROGRESS_INTERVAL, Duration.ofMillis(500));
    }

    static CopierConfig shardConfig(RangeLine range) {
        return config(Mode.COPY).with(CopierSettings.RANGE_AFTER, range.after()).with(CopierSettings.RANGE_UP_TO, range.upTo());
    }

    /** A child copier with its own directory (stdout, termination log). */
    static final class Child {
        final Process process;
        final Path runDir;
        final long started = System.nanoTime();
        double seconds;

        private Child(Process process, Path runDir) {
            this.process = process;
            this.runDir = runDir;
        }

        static Child start(String name, CopierConfig config, Map<String, String> extraEnv) throws Exception {
            Path runDir = Files.createDirectories(dir.resolve(name));
            Map<String, String> env = new HashMap<>(CopierEnv.write(config.with(CopierSettings.TERMINATION_LOG,
                    runDir.resolve("termination-log").toString())));
            env.putAll(extraEnv);
            return new Child(ChildCopier.start(env, HEAP_CAP, runDir), runDir);
        }

        void await() throws Exception {
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(runDir.getFileName() + " did not finish within 15 minutes: " + tail());
            }
            seconds = (System.nanoTime() - started) / 1e9;
        }

        /** The first progress line carrying a checkpoint with objects done up to it. */
        ProgressLine awaitCheckpoint(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), "the shard to kill ended before its first checkpoint: " + tail());
                Optional<ProgressLine> line = ProtocolJson.newestProgressLine(stdout())
                        .filter(l -> l.checkpointCounts() != null && l.checkpointCounts().objectsDone() > 0);
                if (line.isPresent()) {
                    seconds = (System.nanoTime() - started) / 1e9;
                    return line.get();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no checkpoint within " + timeout + ": " + tail());
        }

        int exitCode() {
            return process.exitValue();
        }

        String stdout() throws Exception {
            return Files.readString(runDir.resolve("stdout"), StandardCharsets.UTF_8);
        }

        Summary summary() throws Exception {
            return ProtocolJson.readSummary(Files.readString(runDir.resolve("termination-log"), StandardCharsets.UTF_8))
                    .orElseThrow(() -> new AssertionError(tail()));
        }

        String tail() {
            try {
                List<String> lines = stdout().lines().toList();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()))
                        + Files.readString(runDir.resolve("stderr"), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return "(no output: " + e + ")";
            }
        }
    }
}
