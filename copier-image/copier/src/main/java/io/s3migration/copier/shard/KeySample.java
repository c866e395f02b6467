package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What sampling knows of the key space: runs (a page lists every key in its span, so overlapping pages merge into
 * one run) and the known strings (listed keys and the prefixes delimiter listings found), which show the prefix
 * tree's branches. Pure: no S3 call.
 */
public final class KeySample {
    /** Code point standing for the end of a key: it sorts before every extension. */
    public static final int END = -1;

    /** Every key after {@code after} (exclusive; null: the beginning) up to {@code last} (inclusive; null: the end). */
    record Run(String after, String last, List<String> keys) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final NavigableSet<String> known = new TreeSet<>(KeyOrder.INSTANCE);
    /** Every known string's prefixes that end in a delimiter: the folders. */
    private final NavigableSet<String> folders = new TreeSet<>(KeyOrder.INSTANCE);
    private long keysListed;

    /** Adds a page: {@code keys} (in order) are every key after {@code after}; {@code ended}: and no key follows. */
    public void add(String after, List<String> keys, boolean ended) {
        if (keys.isEmpty() && !ended) {
            return; // says nothing
        }
        keysListed += keys.size();
        keys.forEach(this::know);
        Run run = new Run(after, ended ? null : keys.get(keys.size() - 1), keys);
        List<Run> kept = new ArrayList<>();
        NavigableSet<String> merged = new TreeSet<>(KeyOrder.INSTANCE);
        merged.addAll(keys);
        for (Run r : runs) {
            // (a, b] and (c, d] touch or overlap when c <= b and a <= d: together they are one run
            if (lowerAtMost(run.after, r.last) && lowerAtMost(r.after, run.last)) {
                merged.addAll(r.keys);
                run = new Run(lower(run.after, r.after), upper(run.last, r.last), List.of());
            } else {
                kept.add(r);
            }
        }
        kept.add(new Run(run.after, run.last, List.copyOf(merged)));
        kept.sort((x, y) -> x.after == null ? -1 : y.after == null ? 1 : compare(x.after, y.after));
        runs.clear();
        runs.addAll(kept);
    }

    /** Adds a prefix a delimiter listing found: it holds keys, not yet listed. */
    public void addPrefix(String prefix) {
        know(prefix);
    }

    private void know(String s) {
        known.add(s);
        for (int slash = s.indexOf('/'); slash >= 0; slash = s.indexOf('/', slash + 1)) {
            folders.add(s.substring(0, slash + 1));
        }
    }

    /** The known folders directly in {@code parent} ("": the top), from listings and from the keys listed. */
    public List<String> foldersIn(String parent) {
        String end = successor(parent);
        return (end == null ? folders.tailSet(parent, false) : folders.subSet(parent, false, end, false)).stream()
                .filter(f -> f.indexOf('/', parent.length()) == f.length() - 1).toList();
    }

    /** Whether some known folder lies strictly under {@code prefix}: its branches are folder names, not key names. */
    public boolean onFolderPath(String prefix) {
        String folder = folders.higher(prefix);
        return folder != null && folder.startsWith(prefix);
    }

    public long keysListed() {
        return keysListed;
    }

    /** Whether the source was found to hold no key. */
    public boolean empty() {
        return keysListed == 0 && !runs.isEmpty();
    }

    /**
     * Whether every key under {@code prefix} lies in one run, so {@link #count} is exact. A run starting right after
     * the prefix itself counts: only a key equal to the prefix could be missed.
     */
    public boolean covered(String prefix) {
        return runOver(prefix, prefix) != null;
    }

    /** Whether one run holds every key after {@code from} under {@code prefix}: a page listed from there past its end. */
    public boolean listedToEnd(String from, String prefix) {
        return runOver(from, prefix) != null;
    }

    /** The listed keys under {@code prefix}. */
    public long count(String prefix) {
        String end = successor(prefix);
        long count = 0;
        for (Run r : runs) {
            count += at(r.keys, end) - at(r.keys, prefix);
        }
        return count;
    }

    /** The listed keys under a covered {@code prefix} that sort before {@code key}. */
    public long countBelow(String prefix, String key) {
        Run r = runOver(prefix, prefix);
        return at(r.keys, key) - at(r.keys, prefix);
    }

    /** How many runs listed keys under {@code prefix}. */
    public long runsUnder(String prefix) {
        String end = successor(prefix);
        return runs.stream().filter(r -> at(r.keys, end) > at(r.keys, prefix)).count();
    }

    /** Whether {@code key} was listed. */
    public boolean listed(String key) {
        return runs.stream().anyMatch(r -> Collections.binarySearch(r.keys, key, KeyOrder.INSTANCE) >= 0);
    }

    /** The runs in key order. */
    List<Run> runs() {
        return runs;
    }

    /**
     * The code points that follow {@code prefix} in known strings, in order, {@link #END} first when the prefix is
     * itself a listed key: the branches of the prefix tree there that sampling has seen.
     */
    public List<Integer> branches(String prefix) {
        List<Integer> branches = new ArrayList<>();
        String s = known.ceiling(prefix);
        while (s != null && s.startsWith(prefix)) {
            if (s.length() == prefix.length()) {
                if (listed(s)) {
                    branches.add(END);
                }
                s = known.higher(s);
                continue;
            }
            int codePoint = s.codePointAt(prefix.length());
            branches.add(codePoint);
            String next = successor(prefix + Character.toString(codePoint));
            s = next == null ? null : known.ceiling(next);
        }
        return branches;
    }

    /** The known strings under {@code prefix}, in order. */
    NavigableSet<String> knownUnder(String prefix) {
        String end = successor(prefix);
        return end == null ? known.tailSet(prefix, true) : known.subSet(prefix, true, end, false);
    }

    /**
     * The lowest string above every string starting with {@code prefix} (its last code point raised), or null when
     * none is: the prefix is all highest code points.
     */
    static String successor(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int raised = Separator.next(codePoints[i]);
            if (raised >= 0) {
                return new String(codePoints, 0, i) + Character.toString(raised);
            }
        }
        return null;
    }

    private Run runOver(String after, String prefix) {
        for (Run r : runs) {
            boolean from = r.after == null || compare(r.after, after) <= 0;
            boolean to = r.last == null || (compare(r.last, prefix) > 0 && !r.last.startsWith(prefix));
            if (from && to) {
                return r;
            }
        }
        return null;
    }

    /** How many of the ordered {@code keys} sort before {@code key} (null: after all). */
    private static int at(List<String> keys, String key) {
        if (key == null) {
            return keys.size();
        }
        int i = Collections.binarySearch(keys, key, KeyOrder.INSTANCE);
        return i >= 0 ? i : -i - 1;
    }

    /** Whether a lower end (null: the beginning) lies at or below an upper end (null: the end). */
    private static boolean lowerAtMost(String lower, String upper) {
        return lower == null || upper == null || compare(lower, upper) <= 0;
    }

    private static String lower(String a, String b) {
        return a == null || b == null ? null : compare(a, b) <= 0 ? a : b;
    }

    private static String upper(String a, String b) {
        return a == null || b == null ? null : compare(a, b) >= 0 ? a : b;
    }

    private static int compare(String a, String b) {
        return KeyOrder.INSTANCE.compare(a, b);
    }
}
