package io.s3migration.copier.shard;

import io.s3migration.copier.shard.RangeCutter.PlannedRange;
import io.s3migration.protocol.KeyOrder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans N ranges of similar size without listing the whole source: samples it with at most {@code requestBudget}
 * list requests into a {@link KeySample}, estimates the keys under each prefix from it ({@link PrefixCounts}), then
 * cuts ({@link RangeCutter}). In order: the first page from the start; pages past the last key sampled until the end
 * is found; delimiter listings of the folders, then a page at the deepest folders found ({@link #seed}); then, until
 * the budget is spent or no gap between pages could hold more than a fraction of a range, a page where the estimate
 * is least sure: past a branch guessed to have unseen siblings (which shows the next real one), else where the gap
 * estimated to hold the most keys has its middle key. A source of at most one page is listed whole and cut exactly.
 */
public final class Planner {
    /** Refine until no gap holds more than 1/{@value} of a range: cuts then miss their target by that at most. */
    static final int REFINEMENT = 8;
    /** Of the budget, the share delimiter listings may take, and that pages at the folders found may take. */
    static final double SEED_SHARE = 0.25;
    /** Folders with more siblings than this are not listed one by one. */
    static final int LISTED_SIBLINGS = 32;
    /** Of the budget, the share the search for the end may take. */
    static final double END_SHARE = 0.25;

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
        KeySample sample = new KeySample();
        KeySpace.Page first = probe(sample, null);
        if (sample.empty()) {
            return new Plan(List.of(), requests, 0, 0);
        }
        if (!first.ended()) {
            findEnd(sample);
            seed(sample);
            refine(sample, count);
        }
        PrefixCounts counts = new PrefixCounts(sample);
        List<PlannedRange> ranges = RangeCutter.cut(counts.stretches(), count);
        return new Plan(ranges, requests, sample.keysListed(), Math.round(counts.total()));
    }

    /**
     * Lists the folders breadth-first from the top while the budget's share lasts, but not those among more than
     * {@value #LISTED_SIBLINGS} siblings (such siblings are estimated by their mean), then lists a page at the
     * deepest folders found, taking turns between their parents and spreading over each one's: a parent with few
     * large folders is sampled as well as one with many small ones, and every folder is listed or next to listed
     * siblings.
     */
    private void seed(KeySample sample) {
        int share = (int) (requestBudget * SEED_SHARE);
        int listed = requests + share;
        int paged = listed + share;
        Map<String, List<String>> children = new LinkedHashMap<>();
        List<String> level = List.of("");
        while (!level.isEmpty() && requests < listed) {
            List<String> next = new ArrayList<>();
            for (String folder : level) {
                if (requests >= listed) {
                    break;
                }
                requests++;
                space.prefixesUnder(folder).forEach(sample::addPrefix);
                // a listing is one page of keys and folders together: folders past it may show in keys listed
                List<String> found = sample.foldersIn(folder);
                children.put(folder, found);
                if (found.size() <= LISTED_SIBLINGS) {
                    next.addAll(found);
                }
            }
            level = next;
        }
        List<Deque<String>> groups = new ArrayList<>();
        children.forEach((parent, found) -> {
            List<String> leaves = found.stream().filter(f -> children.getOrDefault(f, List.of()).isEmpty()).toList();
            if (!leaves.isEmpty()) {
                groups.add(spread(leaves));
            }
        });
        while (requests < paged && groups.stream().anyMatch(g -> !g.isEmpty())) {
            for (Deque<String> group : groups) {
                String folder = group.poll();
                if (folder != null && requests < paged && !sample.covered(folder)) {
                    probe(sample, folder);
                }
            }
        }
    }

    /** The items in an order that spreads them evenly at any length taken: the middle, then the quarters, and so on. */
    static Deque<String> spread(List<String> items) {
        Deque<String> order = new ArrayDeque<>();
        boolean[] taken = new boolean[items.size()];
        for (int step = Integer.highestOneBit(Math.max(1, items.size())) * 2; step >= 1; step /= 2) {
            for (int i = step / 2; i < items.size(); i += Math.max(1, step)) {
                if (!taken[i]) {
                    taken[i] = true;
                    order.add(items.get(i));
                }
            }
        }
        return order;
    }

    /**
     * Lists past the last key sampled until no key follows: each page after the whole top-level branch of the last
     * key so far, so that keys beyond every sampled one are seen (nothing else would suggest them).
     */
    private void findEnd(KeySample sample) {
        int endBudget = requests + (int) (requestBudget * END_SHARE);
        while (requests < Math.min(endBudget, requestBudget)) {
            List<KeySample.Run> runs = sample.runs();
            KeySample.Run last = runs.get(runs.size() - 1);
            if (last.last() == null) {
                return;
            }
            String key = last.last();
            String branchEnd = key.substring(0, key.offsetByCodePoints(0, 1)) + Character.toString(Character.MAX_CODE_POINT);
            probe(sample, KeyOrder.INSTANCE.compare(branchEnd, key) > 0 ? branchEnd : key);
        }
    }

    private void refine(KeySample sample, int count) {
        while (requests < requestBudget) {
            PrefixCounts counts = new PrefixCounts(sample);
            double fine = counts.total() / count / REFINEMENT;
            // a guess first: it may stand for every sibling folder's keys
            PrefixCounts.Probe next = counts.largestGuess();
            if (next == null || next.objects() < 1) {
                next = counts.largestGap();
                if (next == null || next.objects() < fine) {
                    return; // everything listed, or fine enough
                }
            }
            probe(sample, next.after());
        }
    }

    private KeySpace.Page probe(KeySample sample, String after) {
        requests++;
        KeySpace.Page page = space.keysAfter(after, pageSize);
        sample.add(after, page.keys(), page.ended());
        return page;
    }
}
