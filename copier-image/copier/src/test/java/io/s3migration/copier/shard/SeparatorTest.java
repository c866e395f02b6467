package io.s3migration.copier.shard;

import io.s3migration.copier.support.Corpus;
import io.s3migration.protocol.KeyOrder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeparatorTest {
    @Test
    void theShortestStringFromTheLowKeyUpToButExcludingTheHighOne() {
        assertEquals("k/5", Separator.between("k/499/000123", "k/500/000000"));
        assertEquals("b", Separator.between("a/very/long/key", "c"));
        assertEquals("k/0:", Separator.between("k/0999", "k/1"), "'k/1' is the next key itself: one code point longer");
        assertEquals("abc0", Separator.between("abc/x", "abd"), "raising at the first difference would reach the next key");
        assertEquals("ab", Separator.between("ab", "abc"), "the low key is a prefix of the high one: itself");
        assertEquals("a/b", Separator.between("a/b", null));
        assertEquals("x", Separator.between("x", "x"));
    }

    @Test
    void raisingSkipsSurrogatesAndFollowsCodePointOrder() {
        assertEquals("\uE000", Separator.between("\uD7FFz", "\uFFFF"));
        // U+FFFF sorts before U+10000 in UTF-8 (not in UTF-16): the boundary must too
        String s = Separator.between("\uFFFFa", "\uD800\uDC00");
        assertTrue(KeyOrder.INSTANCE.compare("\uFFFFa", s) <= 0 && KeyOrder.INSTANCE.compare(s, "\uD800\uDC00") < 0, s);
    }

    @Test
    void betweenEveryPairOfNeighbouringCorpusKeysAndNeverLonger() {
        List<String> keys = new ArrayList<>(Corpus.trickyKeys());
        keys.addAll(List.of("k/000/000001", "k/000/000002", "日本/1", "日本/2", "😀", "😁", "z"));
        keys.sort(KeyOrder.INSTANCE);
        for (int i = 0; i + 1 < keys.size(); i++) {
            String low = keys.get(i);
            String high = keys.get(i + 1);
            String s = Separator.between(low, high);
            assertTrue(KeyOrder.INSTANCE.compare(low, s) <= 0 && KeyOrder.INSTANCE.compare(s, high) < 0,
                    "'" + s + "' between '" + low + "' and '" + high + "'");
            assertTrue(s.length() <= low.length(), s);
            assertTrue(s.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE), s);
        }
    }
}
