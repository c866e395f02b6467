package io.s3migration.copier.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The key set of issue 18's MinIO proof, shared with the planner's unit test that cuts it in memory. */
public final class ShardedKeys {
    private ShardedKeys() {
    }

    /**
     * {@code objects} keys: 60% nested folders, 25% one hot prefix, 10% flat, unicode, the corpus, and both ends of
     * the key space.
     */
    public static List<String> seeded(int objects) {
        List<String> keys = new ArrayList<>();
        keys.add("!");                      // near the lowest printable key
        keys.add("!!first");
        keys.add("\uFFEE/last");            // high in the key space (halfwidth white circle)
        keys.add("\uD83D\uDE00/emoji-last"); // above U+FFFF: sorts after U+FFEE in UTF-8, before it in UTF-16
        Corpus.trickyKeys().stream().filter(k -> !Corpus.pathLike(k)).forEach(keys::add);
        String[] scripts = {"ünïcödé", "日本語", "한국어", "ελληνικά"};
        int rest = objects - keys.size();
        for (int i = 0; i < rest; i++) {
            int kind = i % 20;
            keys.add(kind < 12 ? String.format(Locale.ROOT, "data/%03d/%06d.bin", i % 1000, i)
                    : kind < 17 ? String.format(Locale.ROOT, "hot/2025/%02d/%02d/img_%06d.jpg", i % 12, i % 28, i)
                    : kind < 19 ? String.format(Locale.ROOT, "flat-%06d", i)
                    : scripts[(i / 20) % scripts.length] + "/" + i);
        }
        return keys;
    }
}
