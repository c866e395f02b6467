package io.s3migration.copier.shard;

import io.s3migration.copier.shard.RangeCutter.PlannedRange;

import java.util.List;

/**
 * Plans N ranges of similar size without listing the whole source: samples it with at most {@code requestBudget}
 * list requests, then cuts ({@link RangeCutter}). The first page from the start; one delimiter listing whose
 * prefixes ({@code 2024/}, {@code logs/}) are probed first, level by level into those holding more than a page, so
 * that a prefix holding most keys is seen however its keys spell; then, until the budget is spent or no gap could hold more than a fraction of a range, a
 * page in the gap estimated to hold the most keys (its midpoint, or where its keys' prefix ends when nothing follows it) ({@link SampledKeys}). Each probe lists
 * {@code pageSize} keys after a point: their exact count, and the density there. A source of at most one page is
 * listed whole and cut exactly.
 */
public final class Planner {
    /** Refine until no gap holds more than 1/{@value} of a range: cuts then miss their target by that at most. */
    static final int REFINEMENT = 8;
    /** Of the budget, the share the top-level prefixes may take. */
    static final double SEED_SHARE = 0.5;

    /** The plan: the ranges, what sampling cost and saw. */
    public record Plan(List<PlannedRange> ranges, int requests, long keysListed, long estimatedObjects) {
    }

    private final KeySpace space;
    private final int pageSize;
    private final int requestBudget;
    private int requests;

    public Planner(KeySpace space, int pageSize, int requestBudget) {
        if (requestBudget < 2) {
            throw new IllegalArgumentException("a plan needs at least 2 list requests, got " + requestBudget);
        }
        this.space = space;
        this.pageSize = pageSize;
        this.requestBudget = requestBudget;
    }

    /** The plan for {@code count} ranges; no ranges when the source holds no key. */
    public Plan plan(int count) {
        KeySpace.Page first = list(null);
        // a source of one page is known whole: every key is a place to cut
        SampledKeys sample = new SampledKeys(first.ended() ? 1 : Math.max(1, pageSize / 32));
        sample.add(null, first.keys(), first.ended());
        if (sample.empty()) {
            return new Plan(List.of(), requests, 0, 0);
        }
        if (!first.ended()) {
            seed(sample);
            refine(sample, count);
        }
        List<Stretch> stretches = sample.stretches();
        List<PlannedRange> ranges = RangeCutter.cut(stretches, count);
        long estimated = Math.round(stretches.stream().mapToDouble(Stretch::objects).sum());
        return new Plan(ranges, requests, sample.keysListed(), estimated);
    }

    /**
     * Probes the prefixes breadth-first from the top (delimiter listings), spread evenly over a level when it has
     * more than the budget's share, and goes one level down into each prefix holding more than a page: a prefix
     * holding most keys gets probes all through it, and no gap lies between a dense run and a sparse one that
     * spans a whole prefix.
     */
    private void seed(SampledKeys sample) {
        int seedBudget = (int) (requestBudget * SEED_SHARE);
        java.util.ArrayDeque<String> large = new java.util.ArrayDeque<>(List.of(""));
        while (!large.isEmpty() && requests < seedBudget) {
            requests++;
            List<String> prefixes = space.prefixesUnder(large.poll());
            prefixes.forEach(sample::see);
            int probes = Math.min(Math.max(0, seedBudget - requests), prefixes.size());
            for (int i = 0; i < probes; i++) {
                String prefix = prefixes.get((int) ((long) i * prefixes.size() / probes));
                if (sample.listed(prefix)) {
                    large.add(prefix); // a page through its start already: it may go on far beyond (hot/ -> hot/2025/)
                    continue;
                }
                KeySpace.Page page = probe(sample, prefix);
                if (!page.ended() && page.keys().get(page.keys().size() - 1).startsWith(prefix)) {
                    large.add(prefix);
                }
            }
        }
    }

    private void refine(SampledKeys sample, int count) {
        while (requests < requestBudget) {
            SampledKeys.Gap gap = sample.largestGap();
            if (gap == null) {
                return; // everything listed
            }
            double total = sample.stretches().stream().mapToDouble(Stretch::objects).sum();
            if (gap.objects() * count * REFINEMENT < total) {
                return; // fine enough
            }
            // no key strictly between at this resolution: list on from the gap's start, which closes it
            probe(sample, gap.probe() != null ? gap.probe() : gap.low());
        }
    }

    private KeySpace.Page probe(SampledKeys sample, String after) {
        KeySpace.Page page = list(after);
        sample.add(after, page.keys(), page.ended());
        return page;
    }

    private KeySpace.Page list(String after) {
        requests++;
        return space.keysAfter(after, pageSize);
    }
}
