package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;

/** What to do with one source object, decided from the two listings alone. */
public sealed interface Decision {
    ListedObject source();

    /** Missing or different at the destination. */
    record Copy(ListedObject source, String why) implements Decision {
    }

    /** Present with the same size and ETag: nothing to do. */
    record Skip(ListedObject source) implements Decision {
    }

    /**
     * Same size but the destination's ETag is a multipart ETag that cannot equal the source's: only the
     * source ETag an earlier run recorded in the destination's metadata can prove it identical (one HEAD).
     */
    record Confirm(ListedObject source, ListedObject destination) implements Decision {
    }
}
