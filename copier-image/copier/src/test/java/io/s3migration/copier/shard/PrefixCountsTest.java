package io.s3migration.copier.shard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixCountsTest {
    private static final String MAX = Character.toString(Character.MAX_CODE_POINT);

    @Test
    void aFolderNoKeyWasListedInCountsAsTheMeanOfItsListedSiblings() {
        KeySample sample = new KeySample();
        List.of("a/", "b/", "c/").forEach(sample::addPrefix); // a delimiter listing of the top
        sample.add("a/", List.of("a/1", "a/2", "a0"), false); // a/ whole (the page ends past it), and a0
        sample.add("c/", List.of("c/1", "c/2", "c/3", "c/4", "c0"), false);
        PrefixCounts counts = new PrefixCounts(sample);
        assertEquals(3, counts.size("a"));
        assertEquals(Double.NaN, counts.size("b/"));
        assertEquals(List.of(3.0, 4.0, 5.0), counts.branches("").stream().map(PrefixCounts.Branch::objects).toList());
        assertEquals(12, counts.total());
    }

    @Test
    void aGuessedBranchIsCheckedFirstAndRefutedByOnePage() {
        KeySample sample = new KeySample();
        sample.add(null, List.of("p00", "p01", "p02"), false);
        PrefixCounts guessing = new PrefixCounts(sample);
        // "p0" branches into 0-2, so "p" may too: p1 and p2 count as p0 until a page says otherwise
        assertEquals(9, guessing.size("p"));
        assertEquals(new PrefixCounts.Probe("p0" + MAX, 6), guessing.largestGuess());
        sample.add("p0" + MAX, List.of(), true); // nothing past p0
        PrefixCounts checked = new PrefixCounts(sample);
        assertEquals(3, checked.size("p"));
        assertTrue(checked.largestGuess().objects() < 1);
    }
}
