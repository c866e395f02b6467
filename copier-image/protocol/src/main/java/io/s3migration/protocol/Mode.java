package io.s3migration.protocol;

/** What one copier run does. */
public enum Mode {
    /** List one page of the source, write and delete a probe object at the destination. */
    PREFLIGHT,
    /** Copy every object that is missing or different at the destination. */
    COPY,
    /** List both sides and report matched / missing / mismatched objects; change nothing. */
    VERIFY,
    /**
     * Cut the source into {@link CopierSettings#SHARDS} key ranges of similar estimated size from a bounded sample of
     * listings (never the whole bucket): one {@link RangeLine} per range on stdout, then the summary.
     */
    PLAN
}
