package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyOrder;
import io.s3migration.protocol.KeyRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A key set in memory that answers as S3 lists: in UTF-8 order, a page at a time, counting the requests. */
final class SortedKeys implements KeySpace {
    private final String[] keys;
    int requests;

    SortedKeys(List<String> keys) {
        this.keys = keys.stream().distinct().sorted(KeyOrder.INSTANCE).toArray(String[]::new);
    }

    int size() {
        return keys.length;
    }

    @Override
    public Page keysAfter(String after, int max) {
        requests++;
        int from = after == null ? 0 : firstAfter(after);
        int to = Math.min(keys.length, from + max);
        return new Page(List.of(Arrays.copyOfRange(keys, from, to)), to == keys.length);
    }

    /** As S3 answers one delimiter listing: up to 1,000 entries, keys directly under the prefix counting as entries. */
    @Override
    public List<String> prefixesUnder(String prefix) {
        requests++;
        Set<String> prefixes = new LinkedHashSet<>();
        int entries = 0;
        for (int i = firstAfter(prefix); i < keys.length && keys[i].startsWith(prefix) && entries < 1000; i++) {
            int slash = keys[i].indexOf('/', prefix.length());
            if (slash < 0) {
                entries++;
            } else if (prefixes.add(keys[i].substring(0, slash + 1))) {
                entries++;
            }
        }
        return new ArrayList<>(prefixes);
    }

    /** How many keys the range holds, counted one by one. */
    long count(KeyRange range) {
        return Arrays.stream(keys).filter(range::holds).count();
    }

    private int firstAfter(String after) {
        int at = Arrays.binarySearch(keys, after, KeyOrder.INSTANCE);
        return at >= 0 ? at + 1 : -at - 1;
    }
}
