package io.s3migration.copier.shard;

import io.s3migration.copier.shard.KeySample.Run;
import io.s3migration.protocol.KeyOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.s3migration.copier.shard.KeySample.END;

/**
 * The keys estimated under each prefix of the key space, from a {@link KeySample}: exact where a run covers the
 * prefix; otherwise the sum over its branches, where a branch no key was listed under counts as the mean of its
 * listed siblings (a folder a delimiter listing found, or a character its siblings' keys use but no sampled key shows
 * here). Counting in branches rather than in positions on a line keeps estimates bounded: a dense page next to a
 * long stretch says how big its siblings are, not how many keys a line of characters could hold. Pure: no S3 call.
 */
final class PrefixCounts {
    /** One branch below a prefix: its code point ({@link KeySample#END}: the prefix as a key), keys, whether listed under. */
    record Branch(int codePoint, String prefix, double objects, boolean explored) {
    }

    /** Where to list next ({@code after}), and the keys estimated where the estimate is unsure. */
    record Probe(String after, double objects) {
    }

    private static final String MAX = Character.toString(Character.MAX_CODE_POINT);

    private final KeySample sample;
    private final Map<String, List<Branch>> branches = new HashMap<>();
    private final Map<String, List<Set<Integer>>> folderAlphabets = new HashMap<>();
    private Map<Integer, Set<String>> listedFolders;
    private final Map<String, Optional<Boolean>> alike = new HashMap<>();
    /** The single branches seen below prefixes guessed to branch more. */
    private final Set<String> guesses = new TreeSet<>();

    PrefixCounts(KeySample sample) {
        this.sample = sample;
    }

    /** The keys estimated in the whole key space. */
    double total() {
        return size("");
    }

    /** The keys under {@code prefix}: exact when a run covers it, NaN when none was listed under it. */
    double size(String prefix) {
        if (sample.covered(prefix)) {
            return sample.count(prefix);
        }
        if (sample.count(prefix) == 0) {
            return Double.NaN;
        }
        return branches(prefix).stream().mapToDouble(Branch::objects).sum();
    }

    /** The keys estimated to sort before {@code key}. */
    double below(String key) {
        double below = 0;
        String prefix = "";
        for (int i = 0; ; ) {
            if (sample.covered(prefix)) {
                return below + sample.countBelow(prefix, key);
            }
            if (i == key.length()) {
                return below;
            }
            int codePoint = key.codePointAt(i);
            for (Branch b : branches(prefix)) {
                if (b.codePoint >= codePoint) {
                    break;
                }
                below += b.objects;
            }
            i += Character.charCount(codePoint);
            prefix = key.substring(0, i);
        }
    }

    /**
     * The branches below an uncovered {@code prefix} with keys listed under it, in order: those sampling saw, and
     * where they are key names (not folder names, which delimiter listings enumerate) that likely branch further, the
     * characters the folder's key names branch into from there on, which sampling may not have reached here yet. A
     * branch no key was listed under counts as the mean of those that were.
     */
    List<Branch> branches(String prefix) {
        List<Branch> cached = branches.get(prefix);
        if (cached != null) {
            return cached;
        }
        List<Integer> seen = sample.branches(prefix);
        Set<Integer> codePoints = new TreeSet<>(seen);
        if (!sample.onFolderPath(prefix) && branching(prefix, seen)) {
            codePoints.addAll(alphabetFrom(prefix));
        }
        List<Branch> list = new ArrayList<>(codePoints.size());
        double listed = 0;
        int explored = 0;
        for (int codePoint : codePoints) {
            if (codePoint == END) {
                list.add(new Branch(END, prefix, 1, true));
                continue;
            }
            String child = prefix + Character.toString(codePoint);
            double objects = size(child);
            list.add(new Branch(codePoint, child, objects, !Double.isNaN(objects)));
            if (objects > 0) {
                listed += objects;
                explored++;
            }
        }
        double mean = explored == 0 ? 1 : listed / explored;
        list.replaceAll(b -> b.explored ? b : new Branch(b.codePoint, b.prefix, mean, false));
        branches.put(prefix, list);
        return list;
    }

    /**
     * Whether the prefix likely has branches sampling has not shown: it shows two; or one, and what the same key name
     * shows in other folders as deep decides ({@link #inFoldersAlike}); or, when they tell nothing, one seen by a
     * single page next to where the names branch (below it, or above it with more than one key under it): a page of
     * consecutive keys shows one corner of the character above where its keys start to differ, while a name's fixed
     * text (one branch between fixed ones, a constant suffix) is not taken for one. Such a guess is recorded: the
     * planner checks it first ({@link #largestGuess}).
     */
    private boolean branching(String prefix, List<Integer> seen) {
        long shown = shown(seen);
        if (shown != 1) {
            return shown > 1;
        }
        Boolean alike = inFoldersAlike(prefix);
        if (alike != null) {
            return alike;
        }
        if (sample.runsUnder(prefix) != 1) {
            return false;
        }
        int only = seen.get(seen.size() - 1);
        boolean guess = shown(sample.branches(prefix + Character.toString(only))) > 1 || (!prefix.isEmpty()
                && sample.count(prefix) > 1 && shown(sample.branches(prefix.substring(0, prefix.offsetByCodePoints(prefix.length(), -1)))) > 1);
        if (guess) {
            guesses.add(prefix + Character.toString(only));
        }
        return guess;
    }

    /**
     * What the prefix's key name shows in the folders as deep as its own that keys were listed in (folders at one
     * depth tend to name their keys alike): true when it branches in one, false when one was listed past its one
     * branch to its end, null when they tell nothing.
     */
    private Boolean inFoldersAlike(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        String name = prefix.substring(slash + 1);
        return alike.computeIfAbsent(depth(prefix) + "/" + name, k -> {
            Boolean says = null;
            for (String folder : listedFolders().getOrDefault(depth(prefix), Set.of())) {
                List<Integer> branches = sample.branches(folder + name);
                long shown = shown(branches);
                if (shown > 1) {
                    return Optional.of(true);
                }
                if (shown == 1 && sample.listedToEnd(folder + name + Character.toString(branches.get(branches.size() - 1)) + MAX,
                        folder + name)) {
                    says = false;
                }
            }
            return Optional.ofNullable(says);
        }).orElse(null);
    }

    private static int depth(String key) {
        return (int) key.chars().filter(c -> c == '/').count();
    }

    /** The folders keys were listed in, by depth. */
    private Map<Integer, Set<String>> listedFolders() {
        if (listedFolders == null) {
            listedFolders = new HashMap<>();
            for (Run run : sample.runs()) {
                for (String key : run.keys()) {
                    int slash = key.lastIndexOf('/');
                    if (slash >= 0) {
                        listedFolders.computeIfAbsent(depth(key), d -> new TreeSet<>()).add(key.substring(0, slash + 1));
                    }
                }
            }
        }
        return listedFolders;
    }

    private static long shown(List<Integer> branches) {
        return branches.stream().filter(c -> c != END).count();
    }

    /** The code points the key names in {@code prefix}'s folder branch into from its length on. */
    private Set<Integer> alphabetFrom(String prefix) {
        String folder = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        List<Set<Integer>> byIndex = folderAlphabets.computeIfAbsent(folder, this::folderAlphabet);
        Set<Integer> alphabet = new TreeSet<>();
        for (int i = prefix.length(); i < byIndex.size(); i++) {
            alphabet.addAll(byIndex.get(i));
        }
        return alphabet;
    }

    /**
     * The code points the known key names directly in {@code folder} branch into (where two neighbouring names
     * differ), by index in the key: the characters that vary, not the names' fixed text.
     */
    private List<Set<Integer>> folderAlphabet(String folder) {
        List<Set<Integer>> byIndex = new ArrayList<>();
        String previous = null;
        var under = sample.knownUnder(folder);
        String s = under.isEmpty() ? null : under.first();
        while (s != null) {
            int slash = s.indexOf('/', folder.length());
            if (slash >= 0) {
                String next = KeySample.successor(s.substring(0, slash + 1)); // a subfolder: skip it
                s = next == null ? null : under.ceiling(next);
                continue;
            }
            if (previous != null) {
                int i = 0;
                while (i < previous.length() && i < s.length() && previous.charAt(i) == s.charAt(i)) {
                    i++;
                }
                if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))) {
                    i--;
                }
                while (byIndex.size() <= i) {
                    byIndex.add(new TreeSet<>());
                }
                if (i < previous.length()) {
                    byIndex.get(i).add(previous.codePointAt(i));
                }
                if (i < s.length()) {
                    byIndex.get(i).add(s.codePointAt(i));
                }
            }
            previous = s;
            s = under.higher(s);
        }
        return byIndex;
    }

    /** The stretches to cut: each listed key with the keys estimated since the previous one, then the rest. */
    List<Stretch> stretches() {
        List<Stretch> stretches = new ArrayList<>();
        double before = 0; // keys up to and including the previous listed key
        List<Run> runs = sample.runs();
        for (int r = 0; r < runs.size(); r++) {
            List<String> keys = runs.get(r).keys();
            for (int i = 0; i < keys.size(); i++) {
                double upTo = i == 0 ? below(keys.get(0)) + 1 : before + 1;
                String next = i + 1 < keys.size() ? keys.get(i + 1) : null;
                if (next == null && runs.get(r).last() != null) {
                    // a gap follows: the boundary stays at this key, the gap's keys belong to the next stretch
                    next = keys.get(i);
                }
                stretches.add(new Stretch(keys.get(i), upTo - before, next));
                before = upTo;
            }
        }
        stretches.add(new Stretch(null, Math.max(0, total() - before), null));
        return stretches;
    }

    /**
     * The guess of unseen branches that adds the most keys, to probe past the branch seen there (which shows the next
     * real branch, or that there is none), or null when there is none.
     */
    Probe largestGuess() {
        total();
        Probe largest = null;
        for (String seen : guesses) {
            String prefix = seen.substring(0, seen.offsetByCodePoints(seen.length(), -1));
            double guessed = branches(prefix).stream().filter(b -> !b.explored && !b.prefix.equals(seen)).mapToDouble(Branch::objects).sum();
            if (largest == null || guessed > largest.objects) {
                largest = new Probe(seen + MAX, guessed);
            }
        }
        return largest;
    }

    /** The gap between runs estimated to hold the most keys, with where to probe it; null when there is none. */
    Probe largestGap() {
        Probe largest = null;
        List<Run> runs = sample.runs();
        String low = null;
        double lowUpTo = 0;
        boolean open = !runs.isEmpty() && runs.get(0).after() != null;
        for (int r = 0; r <= runs.size(); r++) {
            Run run = r < runs.size() ? runs.get(r) : null;
            String high = run == null ? null : run.keys().isEmpty() ? run.after() : run.keys().get(0);
            if (open) {
                double highBelow = high == null ? total() : below(high);
                double objects = Math.max(0, highBelow - lowUpTo);
                if (largest == null || objects > largest.objects) {
                    largest = new Probe(probe(low, high, lowUpTo + objects / 2), objects);
                }
            }
            if (run == null) {
                break;
            }
            if (!run.keys().isEmpty()) {
                low = run.keys().get(run.keys().size() - 1);
                lowUpTo = below(low) + 1;
            }
            open = run.last() != null;
        }
        return largest;
    }

    /**
     * Where to list to learn most about the gap (low, high): where its middle key is estimated to be, in a branch no key
     * was listed under. A branch only inferred is listed from past the last branch seen before it, which shows the
     * next real one (and that none lies between); one seen (a folder) from its start. Else on from {@code low}.
     */
    private String probe(String low, String high, double rank) {
        String prefix = "";
        double remaining = rank;
        descend:
        while (!sample.covered(prefix)) {
            List<Branch> list = branches(prefix);
            List<Integer> seen = sample.branches(prefix);
            for (int i = 0; i < list.size(); i++) {
                Branch b = list.get(i);
                if (remaining >= b.objects) {
                    remaining -= b.objects;
                    continue;
                }
                if (b.explored) {
                    prefix = b.prefix;
                    continue descend;
                }
                String at = b.prefix;
                for (int j = i - 1; j >= 0 && !seen.contains(b.codePoint); j--) {
                    if (list.get(j).codePoint != END && seen.contains(list.get(j).codePoint)) {
                        at = list.get(j).prefix + MAX;
                        break;
                    }
                }
                return inside(at, low, high) ? at : inside(b.prefix, low, high) ? b.prefix : low;
            }
            break;
        }
        return low;
    }

    private static boolean inside(String key, String low, String high) {
        return (low == null || compare(key, low) > 0) && (high == null || compare(key, high) < 0);
    }

    private static int compare(String a, String b) {
        return KeyOrder.INSTANCE.compare(a, b);
    }
}
