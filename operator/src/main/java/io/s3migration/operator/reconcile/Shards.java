package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyOrder;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/** The key ranges of a parallel migration (spec.parallelism > 1), pure: the plan checked, and the shards summed. */
public final class Shards {
    private Shards() {
    }

    /** What a plan's range lines gave: the shards to run, or why the plan cannot be used. */
    public record Plan(List<ShardStatus> shards, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * The plan's {@code n} ranges as shards, each Pending: exactly indexes 0..n-1, from the first key to the last and
     * each starting where the one before ends, so they never overlap and leave no key out. Anything else (a log tail cut
     * short, another copier version) is a problem, never a guess: a key range left out would never be copied.
     */
    public static Plan fromPlan(List<RangeLine> lines, int n) {
        List<RangeLine> sorted = lines.stream().sorted(Comparator.comparingInt(RangeLine::index)).toList();
        if (sorted.size() != n) {
            return new Plan(List.of(), "the plan printed " + sorted.size() + " key ranges for spec.parallelism " + n);
        }
        List<ShardStatus> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RangeLine line = sorted.get(i);
            String expectedAfter = i == 0 ? "" : sorted.get(i - 1).upTo();
            if (line.index() != i || !Objects.equals(line.after(), expectedAfter) || (i == n - 1 && !line.upTo().isEmpty())) {
                return new Plan(List.of(), "the plan's key ranges do not cover the source exactly (range " + line.index()
                        + " is " + line.range() + ")");
            }
            shards.add(new ShardStatus(i, line.after(), line.upTo(), ShardStatus.PENDING, null, null));
        }
        return new Plan(List.copyOf(shards), null);
    }

    /** status.progress: the shards' counters summed (sized once every shard is); none before any shard reported. */
    public static Optional<ProgressStatus> progress(List<ShardStatus> shards) {
        List<Progress> counted = shards.stream().filter(s -> s.counts() != null).map(s -> s.counts().progress()).toList();
        if (counted.isEmpty()) {
            return Optional.empty();
        }
        boolean sized = counted.size() == shards.size() && counted.stream().allMatch(Progress::sizingComplete);
        return Optional.of(ProgressStatus.of(new Progress(sized,
                counted.stream().mapToLong(Progress::objectsTotal).sum(),
                counted.stream().mapToLong(Progress::objectsCopied).sum(),
                counted.stream().mapToLong(Progress::objectsSkipped).sum(),
                counted.stream().mapToLong(Progress::objectsFailed).sum(),
                counted.stream().mapToLong(Progress::bytesTotal).sum(),
                counted.stream().mapToLong(Progress::bytesCopied).sum(),
                counted.stream().mapToLong(Progress::bytesPerSecond).sum(),
                null)));
    }

    /** What the verify runs of an Indexed verify Job found, summed over the indexes that reported, and which did not. */
    public record Verified(Optional<Verification> sum, List<Integer> unreported) {
    }

    /** The verification of shards {@code 0..n-1} from each index's newest pod (its summary), summed. */
    public static Verified verification(Map<Integer, CopierPodReport> shardPods, int n) {
        List<Verification> reported = new ArrayList<>();
        List<Integer> unreported = new ArrayList<>();
        IntStream.range(0, n).forEach(index -> Optional.ofNullable(shardPods.get(index))
                .flatMap(CopierPodReport::summary).map(Summary::verification)
                .ifPresentOrElse(reported::add, () -> unreported.add(index)));
        Optional<Verification> sum = reported.stream().reduce((a, b) -> new Verification(
                a.objectsMatched() + b.objectsMatched(), a.objectsMissing() + b.objectsMissing(),
                a.objectsMismatched() + b.objectsMismatched(), a.bytesMatched() + b.bytesMatched(),
                a.objectsChangedDuringPass() + b.objectsChangedDuringPass()));
        return new Verified(sum, List.copyOf(unreported));
    }

    /** The failed objects every shard's newest pod named, in index order (the caller keeps the first N). */
    public static List<Failure> failures(Map<Integer, CopierPodReport> shardPods) {
        return shardPods.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().failures().stream()).toList();
    }

    /** The reports every shard's newest pod wrote (spec.report), in index order. */
    public static List<String> reportKeys(Map<Integer, CopierPodReport> shardPods) {
        return shardPods.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().summary().map(Summary::reportKey).stream()).toList();
    }

    /**
     * The failures a resumed parallel run will not see again: those of keys up to the checkpoint of the shard whose
     * range holds them (each shard resumes after its own); a key of a shard without a checkpoint will be tried again.
     */
    public static List<Failure> upToCheckpoints(List<Failure> failures, List<ShardStatus> shards) {
        return failures.stream().filter(f -> shards.stream()
                .filter(shard -> new KeyRange(shard.after(), shard.upTo()).holds(f.key()))
                .map(ShardStatus::checkpoint).filter(Objects::nonNull).map(Checkpoint::lastKey)
                .anyMatch(lastKey -> KeyOrder.INSTANCE.compare(f.key(), lastKey) <= 0)).toList();
    }
}
