package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.RangeLine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
}
