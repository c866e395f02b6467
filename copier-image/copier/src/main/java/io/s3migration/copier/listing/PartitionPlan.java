package io.s3migration.copier.listing;

import io.s3migration.protocol.KeyOrder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Where a listing splits so that several threads can list it at once and still hand its keys on in order: at the
 * bucket's folders, found by delimiter ({@code /}) listings, as s3sync does. Each folder is listed on its own with its
 * prefix, so the server ends each part exactly and no key is listed twice; the objects beside the folders come with
 * the delimiter listings themselves. A level is looked into only while it has fewer folders than the listing has
 * threads, and at most {@value #LEVELS} levels down; a level with more than {@value #MOST_PARTS} folders is not used
 * (each folder costs a request even when it holds one key), nor one whose first page does not end on an object (its
 * rest could not be listed after it). Then the part above is listed whole, flat, as a listing without parts would.
 * Pure but for the delimiter listings it asks for.
 */
final class PartitionPlan {
    /** Levels of folders looked into below the listed prefix: s3sync's default depth. */
    static final int LEVELS = 2;
    /** The most parts a plan has: more folders than this are listed through their parent. */
    static final int MOST_PARTS = 256;

    /** One stretch of the listing, in key order. */
    sealed interface Part {
    }

    /** Objects a delimiter listing returned (full keys), nothing left to ask for. */
    record Listed(List<S3Object> objects) implements Part {
    }

    /** Every key under {@code prefix} (full), after {@code startAfter} (null: from its first), listed flat. */
    record Flat(String prefix, String startAfter) implements Part {
    }

    /** A folder a delimiter listing found: listed flat, or split at its own folders. */
    record Folder(String prefix) implements Part {
        Flat flat() {
            return new Flat(prefix, null);
        }
    }

    private PartitionPlan() {
    }

    /**
     * The parts of the listing of {@code prefix} up to the full key {@code upTo} (inclusive; null: to the end), split
     * for {@code threads} threads. {@code delimited}: the first page of the delimiter listing of a prefix; the plan
     * asks for the folders of one level at once through {@code executor}.
     */
    static List<Part> plan(String prefix, String upTo, int threads, Function<String, ListObjectsV2Response> delimited,
                           Executor executor) {
        List<Part> parts = level(prefix, delimited);
        if (listings(parts) > MOST_PARTS) {
            return List.of(new Flat(prefix, null));
        }
        for (int depth = 0; depth < LEVELS; depth++) {
            long folders = parts.stream().filter(p -> p instanceof Folder f && within(f, upTo)).count();
            if (folders == 0 || folders >= threads) {
                break;
            }
            List<CompletableFuture<List<Part>>> below = new ArrayList<>();
            for (Part part : parts) {
                below.add(part instanceof Folder folder && within(folder, upTo)
                        ? CompletableFuture.supplyAsync(() -> level(folder.prefix(), delimited), executor)
                        : CompletableFuture.completedFuture(List.of(part)));
            }
            List<Part> deeper = new ArrayList<>();
            for (CompletableFuture<List<Part>> future : below) {
                deeper.addAll(join(future));
            }
            if (listings(deeper) > MOST_PARTS) {
                break;
            }
            parts = deeper;
        }
        return withinRange(parts, upTo);
    }

    /**
     * {@code prefix} as one delimiter page shows it: its objects and folders in key order, and when the page did not
     * end the listing, the rest after its last object; the prefix whole instead when the page ended on a folder.
     */
    static List<Part> level(String prefix, Function<String, ListObjectsV2Response> delimited) {
        ListObjectsV2Response page = delimited.apply(prefix);
        List<S3Object> objects = page.contents();
        List<String> folders = page.commonPrefixes().stream().map(CommonPrefix::prefix).toList();
        int o = 0;
        int f = 0;
        List<Part> parts = new ArrayList<>();
        List<S3Object> run = new ArrayList<>();
        String last = null;
        while (o < objects.size() || f < folders.size()) {
            // no key under a folder is an object of this level, so a folder sorts where all its keys do
            if (f == folders.size() || o < objects.size() && KeyOrder.INSTANCE.compare(objects.get(o).key(), folders.get(f)) < 0) {
                run.add(objects.get(o));
                last = objects.get(o++).key();
            } else {
                if (!run.isEmpty()) {
                    parts.add(new Listed(run));
                    run = new ArrayList<>();
                }
                parts.add(new Folder(folders.get(f++)));
                last = null;
            }
        }
        if (!run.isEmpty()) {
            parts.add(new Listed(run));
        }
        if (Boolean.TRUE.equals(page.isTruncated())) {
            if (last == null) {
                return List.of(new Flat(prefix, null));
            }
            parts.add(new Flat(prefix, last));
        }
        return parts;
    }

    /** The parts that are listings of their own (each at least one request). */
    private static long listings(List<Part> parts) {
        return parts.stream().filter(p -> !(p instanceof Listed)).count();
    }

    /** Whether any key of {@code part} may lie up to {@code upTo}: every key of a prefix sorts at or after it. */
    private static boolean within(Part part, String upTo) {
        if (upTo == null || part instanceof Listed) {
            return true;
        }
        Flat flat = part instanceof Folder folder ? folder.flat() : (Flat) part;
        return KeyOrder.INSTANCE.compare(flat.prefix(), upTo) <= 0
                && (flat.startAfter() == null || KeyOrder.INSTANCE.compare(flat.startAfter(), upTo) < 0);
    }

    /** The parts without what lies past {@code upTo}. */
    private static List<Part> withinRange(List<Part> parts, String upTo) {
        if (upTo == null) {
            return parts;
        }
        List<Part> kept = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Listed listed) {
                List<S3Object> in = listed.objects().stream().filter(o -> KeyOrder.INSTANCE.compare(o.key(), upTo) <= 0).toList();
                if (!in.isEmpty()) {
                    kept.add(new Listed(in));
                }
            } else if (within(part, upTo)) {
                kept.add(part);
            }
        }
        return kept;
    }

    /** The level's parts; interrupted (the listing closed) it gives up waiting for requests not yet sent. */
    private static List<Part> join(CompletableFuture<List<Part>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for a listing's folders", e);
        }
    }
}
