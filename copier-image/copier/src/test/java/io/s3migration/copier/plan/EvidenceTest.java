package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvidenceTest {
    final ListedObject source = new ListedObject("k", 10, "abc-2", null, null);
    final Decision.Confirm pending = new Decision.Confirm(source, new ListedObject("k", 10, "zzz-3", null, null));

    @Test
    void recordedSourceETagConfirmsTheCopy() {
        assertInstanceOf(Decision.Skip.class, Evidence.confirm(pending, "abc-2"));
        assertInstanceOf(Decision.Skip.class, Evidence.confirm(pending, "\"abc-2\""));
    }

    @Test
    void missingOrOtherRecordedETagMeansCopy() {
        assertInstanceOf(Decision.Copy.class, Evidence.confirm(pending, null));
        assertInstanceOf(Decision.Copy.class, Evidence.confirm(pending, "abc-3"));
    }

    @ParameterizedTest
    @CsvSource({
            "d41d8cd98f00b204e9800998ecf8427e, d41d8cd98f00b204e9800998ecf8427e",
            "D41D8CD98F00B204E9800998ECF8427E, d41d8cd98f00b204e9800998ecf8427e",
            "d41d8cd98f00b204e9800998ecf8427e-2, ",
            "not-an-md5, ",
            "g41d8cd98f00b204e9800998ecf8427e, "})
    void plainETagIsTheContentMd5(String eTag, String expected) {
        assertEquals(expected, Evidence.contentMd5Hex(eTag));
    }

    @Test
    void nullETagHasNoMd5() {
        assertNull(Evidence.contentMd5Hex(null));
    }

    @Test
    void aDifferentETagOnADestinationCopyNewerThanTheSourceIsConfirmedNotCopied() {
        java.time.Instant written = java.time.Instant.parse("2026-01-01T10:00:00Z");
        ListedObject uploadedInParts = new ListedObject("k", 10, "abc-2", null, written);
        ListedObject copiedLater = new ListedObject("k", 10, "d41d8cd98f00b204e9800998ecf8427e", null, written.plusSeconds(60));
        assertInstanceOf(Decision.Confirm.class, Evidence.decide(uploadedInParts, copiedLater, false),
                "maybe our single-PUT copy of this version: one HEAD reads the recorded source ETag");
        ListedObject changedSince = new ListedObject("k", 10, "ffff", null, written.plusSeconds(120));
        assertInstanceOf(Decision.Copy.class, Evidence.decide(changedSince, copiedLater, false),
                "the source changed after the copy: copy without a HEAD");
        assertInstanceOf(Decision.Copy.class, Evidence.decide(new ListedObject("k", 10, "abc-2", null, null),
                new ListedObject("k", 10, "d41d8cd98f00b204e9800998ecf8427e", null, null), false), "times unknown: copy");
    }
}
