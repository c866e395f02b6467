package io.s3migration.copier.run;

import io.s3migration.copier.report.Output;
import io.s3migration.copier.shard.Planner;
import io.s3migration.copier.shard.Planner.Plan;
import io.s3migration.copier.shard.RangeCutter.PlannedRange;
import io.s3migration.copier.shard.S3KeySpace;
import io.s3migration.copier.side.Sides;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;

import java.util.List;
import java.util.Locale;

import static io.s3migration.protocol.CopierSettings.PLAN_REQUESTS;
import static io.s3migration.protocol.CopierSettings.SHARDS;

/**
 * Plan mode: cuts the source into {@link io.s3migration.protocol.CopierSettings#SHARDS} key ranges of similar size
 * from a bounded sample ({@link Planner}), prints one {@link RangeLine} per range (full source keys, as a shard is
 * given them) and a summary saying how many ranges and requests. Reads the source only.
 */
public final class PlanRun {
    /** Keys per sampling request: S3's largest page. */
    static final int PAGE_SIZE = 1000;

    private final CopierConfig config;
    private final Sides sides;
    private final Output output;

    public PlanRun(Sides sides, Output output) {
        this.config = sides.config();
        this.sides = sides;
        this.output = output;
    }

    public Summary run() {
        long started = System.nanoTime();
        Bucket source = config.source();
        Plan plan = new Planner(new S3KeySpace(sides.source(), source), PAGE_SIZE, config.get(PLAN_REQUESTS))
                .plan(config.get(SHARDS));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (plan.ranges().isEmpty()) {
            return new Summary(Mode.PLAN, ExitCode.FATAL, Reason.EmptySource, "source " + source.location() + ": "
                    + Reason.EmptySource.hint(), Progress.NONE, List.of(), null);
        }
        List<PlannedRange> ranges = plan.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            KeyRange relative = ranges.get(i).range();
            KeyRange full = new KeyRange(relative.after() == null ? null : source.key(relative.after()),
                    relative.upTo() == null ? null : source.key(relative.upTo()));
            output.range(new RangeLine(i, full, ranges.get(i).estimatedObjects()));
        }
        String message = String.format(Locale.ROOT, "planned %d ranges of about %d objects each (%d estimated, %d listed)"
                        + " with %d list requests in %.1f s", ranges.size(), plan.estimatedObjects() / ranges.size(),
                plan.estimatedObjects(), plan.keysListed(), plan.requests(), seconds);
        return new Summary(Mode.PLAN, ExitCode.SUCCEEDED, null, message, Progress.NONE, List.of(), null);
    }
}
