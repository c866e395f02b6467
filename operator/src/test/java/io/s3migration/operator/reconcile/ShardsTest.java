package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardsTest {
    private static RangeLine line(int index, String after, String upTo) {
        return new RangeLine(index, new KeyRange(after, upTo), 10);
    }

    @Test
    void aPlanThatCoversTheSourceExactlyBecomesPendingShardsInIndexOrder() {
        Shards.Plan plan = Shards.fromPlan(List.of(line(2, "p/m", null), line(0, null, "p/c"), line(1, "p/c", "p/m")), 3);
        assertTrue(plan.ok(), plan.problem());
        assertEquals(List.of(new ShardStatus(0, "", "p/c", "Pending", null, null),
                new ShardStatus(1, "p/c", "p/m", "Pending", null, null),
                new ShardStatus(2, "p/m", "", "Pending", null, null)), plan.shards());
    }

    @Test
    void aPlanWithAGapAnOverlapAMissingEndOrTheWrongCountIsRefused() {
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/d", null)), 2).ok(), "gap");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/b", null)), 2).ok(), "overlap");
        assertFalse(Shards.fromPlan(List.of(line(0, "p/a", "p/c"), line(1, "p/c", null)), 2).ok(), "first key left out");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(1, "p/c", "p/z")), 2).ok(), "keys after p/z left out");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c")), 2).ok(), "a range missing (log tail cut short)");
        assertFalse(Shards.fromPlan(List.of(line(0, null, "p/c"), line(0, "p/c", null)), 2).ok(), "an index twice");
    }

    @Test
    void progressIsTheSumOfTheShardsAndSizedOnlyWhenEveryShardIs() {
        var a = new ShardStatus(0, "", "p/c", "Running", null, new ShardStatus.Counts(true, 10, 4, 1, 0, 1000, 400, 50));
        var b = new ShardStatus(1, "p/c", "", "Running", null, new ShardStatus.Counts(false, 5, 2, 0, 1, 500, 200, 30));
        ProgressStatus sum = Shards.progress(List.of(a, b)).orElseThrow();
        assertEquals(15, sum.objectsTotal());
        assertEquals(6, sum.objectsCopied());
        assertEquals(1, sum.objectsSkipped());
        assertEquals(1, sum.objectsFailed());
        assertEquals(1500, sum.bytesTotal());
        assertEquals(600, sum.bytesCopied());
        assertEquals(80, sum.bytesPerSecond());
        assertFalse(sum.sizingComplete());
        var bSized = b.with("Running", null, new ShardStatus.Counts(true, 5, 2, 0, 1, 500, 200, 30));
        assertTrue(Shards.progress(List.of(a, bSized)).orElseThrow().sizingComplete());
        var pending = new ShardStatus(1, "p/c", "", "Pending", null, null);
        assertFalse(Shards.progress(List.of(a, pending)).orElseThrow().sizingComplete(), "a shard not yet counted");
        assertTrue(Shards.progress(List.of(pending)).isEmpty());
    }

    static CopierPodReport verified(Verification v, Failure... failures) {
        Summary summary = new Summary(Mode.VERIFY, v.trueDifferences() ? ExitCode.PARTIAL : ExitCode.SUCCEEDED,
                v.trueDifferences() ? Reason.VerificationFailed : null, "verified", Progress.NONE, List.of(failures), v);
        return new CopierPodReport("m-v1-0-x", "Succeeded", ProtocolJson.write(summary), summary.exitCode().code(), null);
    }

    @Test
    void theVerificationIsEveryIndexSummedAndNamesTheIndexesThatDidNotReport() {
        Shards.Verified all = Shards.verification(Map.of(0, verified(new Verification(3, 0, 0, 30)),
                1, verified(new Verification(4, 1, 2, 40, 1)), 2, verified(new Verification(5, 0, 0, 50))), 3);
        assertEquals(Optional.of(new Verification(12, 1, 2, 120, 1)), all.sum());
        assertEquals(List.of(), all.unreported());

        Shards.Verified partial = Shards.verification(Map.of(0, verified(new Verification(3, 0, 0, 30)),
                2, new CopierPodReport("m-v1-2-x", "Running", null, null, null)), 3);
        assertEquals(Optional.of(new Verification(3, 0, 0, 30)), partial.sum());
        assertEquals(List.of(1, 2), partial.unreported(), "index 1 has no pod, index 2 no summary yet");
        assertTrue(Shards.verification(Map.of(), 2).sum().isEmpty());
    }

    @Test
    void theReportsAreEveryShardsInIndexOrder() {
        CopierPodReport second = report(1, "r/m/1-20261122T080000.001Z-shard1.jsonl");
        CopierPodReport first = report(0, "r/m/1-20261122T080000.003Z-shard0.jsonl");
        CopierPodReport running = new CopierPodReport("m-v1-2-x", "Running", null, null, null);
        assertEquals(List.of("r/m/1-20261122T080000.003Z-shard0.jsonl", "r/m/1-20261122T080000.001Z-shard1.jsonl"),
                Shards.reportKeys(Map.of(1, second, 0, first, 2, running)));
    }

    private static CopierPodReport report(int index, String key) {
        Summary summary = new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "verified", Progress.NONE, List.of(),
                new Verification(1, 0, 0, 1)).withReportKey(key);
        return new CopierPodReport("m-v1-" + index + "-x", "Succeeded", ProtocolJson.write(summary), 0, null);
    }

    @Test
    void failuresComeFromEveryShardInIndexOrder() {
        Failure a = new Failure("a/1", "AccessDenied"), m = new Failure("m/1", "SlowDown"), z = new Failure("z/1", "NoSuchKey");
        assertEquals(List.of(a, m, z), Shards.failures(Map.of(2, verified(new Verification(1, 0, 0, 1), z),
                0, verified(new Verification(1, 0, 0, 1), a), 1, verified(new Verification(1, 0, 0, 1), m))));
    }

    @Test
    void aPauseKeepsTheFailuresUpToTheCheckpointOfTheShardThatHoldsThem() {
        var first = new ShardStatus(0, "", "m", "Running", Checkpoint.of("d", null), null);
        var second = new ShardStatus(1, "m", "", "Running", Checkpoint.of("q", null), null);
        var notStarted = new ShardStatus(1, "m", "", "Pending", null, null);
        Failure b = new Failure("b", "x"), k = new Failure("k", "x"), n = new Failure("n", "x"), t = new Failure("t", "x");
        // b <= d (shard 0), n <= q (shard 1) stay; k and t lie after their shard's checkpoint: the resumed run tries them again.
        assertEquals(List.of(b, n), Shards.upToCheckpoints(List.of(b, k, n, t), List.of(first, second)));
        assertEquals(List.of(b), Shards.upToCheckpoints(List.of(b, n), List.of(first, notStarted)));
    }
}
