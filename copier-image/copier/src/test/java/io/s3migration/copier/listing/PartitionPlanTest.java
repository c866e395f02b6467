package io.s3migration.copier.listing;

import io.s3migration.copier.listing.PartitionPlan.Flat;
import io.s3migration.copier.listing.PartitionPlan.Folder;
import io.s3migration.copier.listing.PartitionPlan.Listed;
import io.s3migration.copier.listing.PartitionPlan.Part;
import io.s3migration.protocol.KeyOrder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionPlanTest {

    /** A bucket as S3 lists it: keys in UTF-8 order, delimiter listings rolled up at the first "/" after the prefix. */
    static final class Bucket {
        final TreeSet<String> keys = new TreeSet<>(KeyOrder.INSTANCE);
        final AtomicInteger delimiterRequests = new AtomicInteger();
        final int pageSize;

        Bucket(int pageSize, List<String> keys) {
            this.pageSize = pageSize;
            this.keys.addAll(keys);
        }

        ListObjectsV2Response delimited(String prefix) {
            delimiterRequests.incrementAndGet();
            TreeSet<String> entries = new TreeSet<>(KeyOrder.INSTANCE);
            List<String> folders = new ArrayList<>();
            for (String key : keys) {
                if (key.startsWith(prefix)) {
                    int slash = key.indexOf('/', prefix.length());
                    String entry = slash < 0 ? key : key.substring(0, slash + 1);
                    entries.add(entry);
                    if (slash >= 0) {
                        folders.add(entry);
                    }
                }
            }
            List<String> page = entries.stream().limit(pageSize).toList();
            return ListObjectsV2Response.builder()
                    .contents(page.stream().filter(e -> !folders.contains(e)).map(k -> S3Object.builder().key(k).build()).toList())
                    .commonPrefixes(page.stream().filter(folders::contains).map(p -> CommonPrefix.builder().prefix(p).build()).toList())
                    .isTruncated(entries.size() > pageSize).build();
        }

        /** What a plan lists, part after part, as the flat listings would list it. */
        List<String> listed(List<Part> plan, String upTo) {
            List<String> out = new ArrayList<>();
            for (Part part : plan) {
                if (part instanceof Listed listed) {
                    listed.objects().forEach(o -> out.add(o.key()));
                } else {
                    Flat flat = part instanceof Folder folder ? folder.flat() : (Flat) part;
                    keys.stream().filter(k -> k.startsWith(flat.prefix()))
                            .filter(k -> flat.startAfter() == null || KeyOrder.INSTANCE.compare(k, flat.startAfter()) > 0)
                            .takeWhile(k -> upTo == null || KeyOrder.INSTANCE.compare(k, upTo) <= 0)
                            .forEach(out::add);
                }
            }
            return out;
        }

        List<String> expected(String prefix, String upTo) {
            return keys.stream().filter(k -> k.startsWith(prefix))
                    .filter(k -> upTo == null || KeyOrder.INSTANCE.compare(k, upTo) <= 0).toList();
        }
    }

    static List<Part> plan(Bucket bucket, String prefix, String upTo, int threads) {
        return PartitionPlan.plan(prefix, upTo, threads, bucket::delimited, Runnable::run);
    }

    @Test
    void everyKeyOnceAndInOrderWhateverTheKeysFoldersAndRange() {
        String[] alphabet = {"a", "b", "/", "/", ".", "-", "0", "\u00e9", "\uD83D\uDE00", "\uFF21", " "};
        Random random = new Random(16);
        for (int round = 0; round < 400; round++) {
            List<String> keys = new ArrayList<>();
            int count = random.nextInt(120);
            for (int i = 0; i < count; i++) {
                keys.add(randomKey(random, alphabet));
            }
            Bucket bucket = new Bucket(List.of(1000, 5, 2, 1).get(random.nextInt(4)), keys);
            String prefix = random.nextInt(3) == 0 ? randomKey(random, alphabet).substring(0, 1) : "";
            String upTo = random.nextInt(3) == 0 ? randomKey(random, alphabet) : null;
            int threads = 1 + random.nextInt(20);
            List<Part> plan = plan(bucket, prefix, upTo, threads);
            assertEquals(bucket.expected(prefix, upTo), bucket.listed(plan, upTo),
                    "round " + round + ": keys " + keys + ", prefix '" + prefix + "', up to " + upTo + ", plan " + plan);
            assertTrue(plan.stream().filter(p -> !(p instanceof Listed)).count() <= PartitionPlan.MOST_PARTS);
        }
    }

    @Test
    void theBenchmarksLayoutSplitsIntoItsSixteenFoldersWithTwoDelimiterListings() {
        Bucket bucket = new Bucket(1000, IntStream.range(0, 2000)
                .mapToObj(i -> String.format("small/d%02d/obj-%06d.bin", i % 16, i)).toList());
        List<Part> plan = plan(bucket, "", null, 16);
        assertEquals(IntStream.range(0, 16).mapToObj(i -> (Part) new Folder(String.format("small/d%02d/", i))).toList(), plan);
        assertEquals(2, bucket.delimiterRequests.get(), "the top level, then small/");
    }

    @Test
    void aLevelWithEnoughFoldersIsNotLookedInto() {
        Bucket bucket = new Bucket(1000, IntStream.range(0, 40).mapToObj(i -> String.format("f%02d/x/y", i)).toList());
        assertEquals(40, plan(bucket, "", null, 16).size());
        assertEquals(1, bucket.delimiterRequests.get());
    }

    @Test
    void tooManyFoldersListTheirParentFlat() {
        Bucket top = new Bucket(1000, IntStream.range(0, PartitionPlan.MOST_PARTS + 1).mapToObj(i -> "user-" + i + "/a").toList());
        assertEquals(List.of(new Flat("", null)), plan(top, "", null, 16));

        // one level down too many: the level above is kept
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 100; j++) {
                keys.add("t" + i + "/u" + j + "/k");
            }
        }
        assertEquals(List.of(new Folder("t0/"), new Folder("t1/"), new Folder("t2/")), plan(new Bucket(1000, keys), "", null, 16));
    }

    @Test
    void aFirstPageThatDoesNotEndTheListingGoesOnAfterItsLastObjectOrListsFlat() {
        Bucket flatBucket = new Bucket(3, List.of("a", "b", "c", "d", "e"));
        List<Part> plan = plan(flatBucket, "", null, 16);
        assertEquals(List.of("a", "b", "c"), ((Listed) plan.get(0)).objects().stream().map(S3Object::key).toList());
        assertEquals(new Flat("", "c"), plan.get(1), "the page is the flat listing's first: not asked for again");

        Bucket endsOnFolder = new Bucket(3, List.of("a", "b", "c/x", "d"));
        assertEquals(List.of(new Flat("", null)), plan(endsOnFolder, "", null, 16));
    }

    @Test
    void nothingPastTheRangesEndIsPlanned() {
        Bucket bucket = new Bucket(1000, List.of("a/1", "b/1", "c", "d/1", "e"));
        assertEquals(List.of(new Folder("a/"), new Folder("b/"), new Listed(List.of(S3Object.builder().key("c").build()))),
                plan(bucket, "", "c", 1));
    }

    private static String randomKey(Random random, String[] alphabet) {
        StringBuilder key = new StringBuilder();
        int length = 1 + random.nextInt(7);
        for (int i = 0; i < length; i++) {
            key.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return key.toString();
    }
}
