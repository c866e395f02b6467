package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvidenceTest {
    final ListedObject source = new ListedObject("k", 10, "abc-2", null);
    final Decision.Confirm pending = new Decision.Confirm(source, new ListedObject("k", 10, "zzz-3", null));

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
}
