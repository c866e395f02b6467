package io.s3migration.copier.shard;

import java.util.List;

/**
 * What the planner may ask of the source: keys relative to the source prefix, in S3's listing order. Each call is
 * one list request.
 */
public interface KeySpace {
    /** Up to {@code max} keys after {@code after} (null: from the first), and whether no key follows them. */
    Page keysAfter(String after, int max);

    /** The first page of the prefixes one level below {@code prefix} ("": the top; delimiter {@code /}), e.g. {@code 2024/}. */
    List<String> prefixesUnder(String prefix);

    record Page(List<String> keys, boolean ended) {
    }
}
