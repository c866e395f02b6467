package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The byte scan of a listing page reads what the StAX parser reads, or leaves the page to it. */
class ListingXmlTest {
    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">""";

    @Test
    void aPageAsMinioAndS3WriteItIsScannedToWhatStaxReads() throws XMLStreamException {
        String xml = HEAD + """
                <Name>bkt</Name><Prefix>a%2Fb</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><Delimiter></Delimiter>
                <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
                <Contents><Key>a/b/caf%C3%A9+%26+%01ctl</Key><LastModified>2026-11-30T22:55:56.123Z</LastModified>
                  <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>4096</Size>
                  <Owner><ID>x</ID><DisplayName>Key</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>
                <Contents><Key>a/b/z</Key><LastModified>2026-11-30T22:55:57Z</LastModified><ETag>"e-2"</ETag>
                  <Size>0</Size><StorageClass>GLACIER</StorageClass><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>
                  <RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress></RestoreStatus></Contents>
                <Contents><Key></Key><LastModified>2026-02-28T00:00:00.000000001Z</LastModified><ETag/><Size> 7 </Size></Contents>
                <CommonPrefixes><Prefix>a/b/c/</Prefix></CommonPrefixes>
                <CommonPrefixes>
                  <Prefix>a/b/d%C3%A9+%2B/</Prefix></CommonPrefixes>
                <NextContinuationToken>tok/en+=&amp;&#x41;&#66;</NextContinuationToken>
                </ListBucketResult>
                """;
        ListObjectsV2Response page = scannedAsStaxReadsIt(xml);
        assertEquals(3, page.contents().size());
        assertEquals("a/b/café & \u0001ctl", page.contents().get(0).key());
        assertEquals("\"9b2cf535f27731c974343645a3985328\"", page.contents().get(0).eTag());
        assertEquals(Instant.parse("2026-11-30T22:55:56.123Z"), page.contents().get(0).lastModified());
        assertEquals("GLACIER", page.contents().get(1).storageClassAsString());
        assertEquals("", page.contents().get(2).key());
        assertEquals("", page.contents().get(2).eTag());
        assertEquals(7L, page.contents().get(2).size());
        assertEquals(Instant.parse("2026-02-28T00:00:00.000000001Z"), page.contents().get(2).lastModified());
        assertEquals(List.of("a/b/c/", "a/b/dé +/"), page.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
                "a delimiter listing's folders, url-decoded as the keys are; the page's own Prefix is not one");
        assertEquals(Boolean.TRUE, page.isTruncated());
        assertEquals("tok/en+=&AB", page.nextContinuationToken());
    }

    @Test
    void namespacePrefixesAttributesAndKeysNotUrlEncodedAreReadAsByStax() throws XMLStreamException {
        scannedAsStaxReadsIt("""
                <?xml version='1.0' encoding='utf-8' standalone="yes"?>
                <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" a='x>y'>
                <s3:IsTruncated>false</s3:IsTruncated>
                <s3:Contents x="1"><s3:Key> spaced  &lt;tag&gt; &apos;q&apos; ü 日本 😀 </s3:Key><s3:Size>1</s3:Size>
                <s3:ETag>&#34;abc&#34;</s3:ETag><s3:LastModified>2026-01-31T23:59:59+00:00</s3:LastModified></s3:Contents>
                </s3:ListBucketResult>""");
    }

    @Test
    void randomPagesAreScannedToWhatStaxReads() throws XMLStreamException {
        Random random = new Random(16);
        String alphabet = "abcXYZ019 /_-.~+&<>\"'\tüé日😀"; // no '%': url-encoded pages must decode
        for (int round = 0; round < 300; round++) {
            StringBuilder xml = new StringBuilder(HEAD);
            if (random.nextBoolean()) {
                xml.append("<EncodingType>url</EncodingType>");
            }
            int count = random.nextInt(20);
            for (int i = 0; i < count; i++) {
                StringBuilder key = new StringBuilder();
                int length = random.nextInt(12);
                for (int c = 0; c < length; c++) {
                    key.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                xml.append(random.nextBoolean() ? "\n  " : "").append("<Contents>")
                        .append("<Key>").append(escape(key.toString(), random)).append("</Key>")
                        .append("<Size>").append(random.nextInt(1 << 20)).append("</Size>")
                        .append("<ETag>&quot;").append(Long.toHexString(random.nextLong())).append("&quot;</ETag>")
                        .append("<LastModified>").append(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L))).append("</LastModified>")
                        .append(random.nextBoolean() ? "<Owner><ID>o</ID></Owner>" : "")
                        .append("</Contents>");
                if (random.nextInt(4) == 0) {
                    xml.append("<CommonPrefixes><Prefix>").append(escape(key + "/", random)).append("</Prefix></CommonPrefixes>");
                }
            }
            xml.append("<IsTruncated>").append(random.nextBoolean()).append("</IsTruncated></ListBucketResult>\n");
            assertEquals(count, scannedAsStaxReadsIt(xml.toString()).contents().size());
        }
    }

    @Test
    void whatTheScanDoesNotReadGoesToTheFullParser() throws XMLStreamException {
        List<String> others = List.of(
                HEAD + "<!-- a comment --><IsTruncated>false</IsTruncated></ListBucketResult>",
                HEAD + "<Contents><Key><![CDATA[a<b]]></Key><Size>1</Size></Contents></ListBucketResult>",
                HEAD + "<Contents><Key>a\r\nb</Key><Size>1</Size></Contents></ListBucketResult>",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ListBucketResult><Contents><Key>caf\u00e9</Key></Contents></ListBucketResult>",
                "\ufeff" + HEAD + "</ListBucketResult>");
        for (String xml : others) {
            byte[] bytes = xml.getBytes(xml.contains("ISO-8859-1") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            assertNull(ListingXml.scan(bytes), xml);
            assertEquals(ListingXml.parseWithStax(bytes), ListingXml.parse(bytes), xml);
        }
        assertEquals("a<b", ListingXml.parse(others.get(1).getBytes(StandardCharsets.UTF_8)).contents().get(0).key());
        assertEquals("café", ListingXml.parse(others.get(3).getBytes(StandardCharsets.ISO_8859_1)).contents().get(0).key());
        // Not XML at all, or cut short: the full parser says why.
        for (String broken : List.of(HEAD + "<Contents><Key>a</Size></Contents></ListBucketResult>", HEAD + "<Contents><Key>a",
                HEAD + "<Contents><Key>a<i/>b</Key><Size>1</Size></Contents></ListBucketResult>",
                HEAD + "<Contents><Key>&bogus;</Key></Contents></ListBucketResult>", "<html>bad gateway</html>")) {
            byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
            if (broken.startsWith("<html>")) {
                assertNull(ListingXml.scan(bytes), "another root element");
            } else {
                assertNull(ListingXml.scan(bytes), broken);
                assertThrows(XMLStreamException.class, () -> ListingXml.parse(bytes), broken);
            }
        }
    }

    @Test
    void s3TimestampsAreReadAsInstantParseReadsThem() {
        for (String t : List.of("2026-11-30T22:55:56Z", "2026-11-30T22:55:56.1Z", "2026-11-30T22:55:56.123Z",
                "2024-02-29T00:00:00.000Z", "1970-01-01T00:00:00.123456789Z", "2026-12-31T23:59:59.999999Z",
                "2026-11-30T24:00:00Z", "2026-11-30T22:55:56.Z")) { // the last two by Instant.parse, which reads them too
            assertEquals(Instant.parse(t), ListingXml.instant(t), t);
        }
        assertEquals(Instant.parse("2026-11-30T22:55:56Z"), ListingXml.instant("2026-11-30T22:55:56+00:00"), "other forms by Instant.parse");
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-30T22:55:56.1234567890Z", "2026-11-3OT22:55:56Z")) {
            assertThrows(DateTimeParseException.class, () -> ListingXml.instant(bad), bad);
        }
    }

    private static ListObjectsV2Response scannedAsStaxReadsIt(String xml) throws XMLStreamException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ListingXml.Page scanned = ListingXml.scan(bytes);
        assertNotNull(scanned, "the scan reads it: " + xml);
        ListObjectsV2Response page = scanned.build();
        assertEquals(ListingXml.parseWithStax(bytes), page, xml);
        return page;
    }

    /** Text as XML carries it, each special character escaped one of the ways a server may write it. */
    private static String escape(String text, Random random) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append(random.nextBoolean() ? "&lt;" : "&#60;");
                case '>' -> out.append(random.nextBoolean() ? "&gt;" : ">");
                case '"' -> out.append(random.nextBoolean() ? "&quot;" : "\"");
                case '\'' -> out.append(random.nextBoolean() ? "&apos;" : "&#x27;");
                default -> {
                    if (c > 127 && random.nextInt(4) == 0) {
                        out.append("&#x").append(Integer.toHexString(c)).append(';');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
