package io.s3migration.copier.client;

import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A ListObjectsV2 answer read into the SDK's model: only what a listing page needs (keys URL-decoded, size, ETag,
 * last modified, storage class, the common prefixes of a delimiter listing, truncation and the token to go on).
 *
 * <p>Two readers, one result. A page is first scanned byte by byte for the few shapes S3 servers write (elements,
 * attributes, the five predefined entities and character references): a re-run lists every key on both sides, and
 * this scan costs a small part of what the JDK's StAX parser does, most of all while the JVM is still warming up. Any
 * other construct (comments, CDATA, a DOCTYPE, another encoding than UTF-8, a carriage return in text, mismatched
 * tags) sends the page to the StAX parser instead, which either reads it the way any XML parser would or says why it
 * cannot.
 */
final class ListingXml {
    private static final ThreadLocal<XMLInputFactory> XML = ThreadLocal.withInitial(() -> {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    });

    private ListingXml() {
    }

    /** The page in {@code xml} (UTF-8). */
    static ListObjectsV2Response parse(byte[] xml) throws XMLStreamException {
        Page page = scan(xml);
        return page != null ? page.build() : parseWithStax(xml);
    }

    /** An XML parser for other answers (error documents), set up as this one's: no DTDs, no external entities. */
    static XMLStreamReader reader(byte[] xml) throws XMLStreamException {
        return XML.get().createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    /** What a page holds, filled element by element by either reader. */
    static final class Page {
        /**
         * The elements read, with what each sets: the rest (an Owner, ChecksumAlgorithm...) is not used by the copier,
         * and may hold other elements, not only text.
         */
        static final Map<String, BiConsumer<Page, String>> FIELDS = Map.of(
                "IsTruncated", (page, text) -> page.truncated = Boolean.parseBoolean(text.trim()),
                "NextContinuationToken", (page, text) -> page.next = text,
                "EncodingType", (page, text) -> page.encoding = text);
        /** A Contents entry's elements read. */
        static final Map<String, BiConsumer<Page, String>> OBJECT_FIELDS = Map.of(
                "Key", (page, text) -> page.keys.set(page.keys.size() - 1, text),
                "Size", (page, text) -> page.object.size(Long.parseLong(text.trim())),
                "ETag", (page, text) -> page.object.eTag(text),
                "LastModified", (page, text) -> page.object.lastModified(instant(text.trim())),
                "StorageClass", (page, text) -> page.object.storageClass(text));
        /** A CommonPrefixes entry's element read. */
        static final Map<String, BiConsumer<Page, String>> PREFIX_FIELDS = Map.of(
                "Prefix", (page, text) -> page.prefixes.add(text));

        private final List<S3Object.Builder> contents = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>(); // as listed, like the keys
        private boolean inPrefixes;
        private final List<String> keys = new ArrayList<>(); // as listed: decoded once the encoding is known (it may come last)
        private S3Object.Builder object;
        private boolean truncated;
        private String next;
        private String encoding;

        void startObject() {
            object = S3Object.builder();
            keys.add(null);
        }

        boolean inObject() {
            return object != null;
        }

        void endObject() {
            contents.add(object);
            object = null;
        }

        void startPrefixes() {
            inPrefixes = true;
        }

        void endPrefixes() {
            inPrefixes = false;
        }

        /** Whether an entry (Contents or CommonPrefixes) is open. */
        boolean inEntry() {
            return inObject() || inPrefixes;
        }

        /** Whether {@code name}, met where no entry is open, starts one. */
        static boolean entry(String name) {
            return "Contents".equals(name) || "CommonPrefixes".equals(name);
        }

        void startEntry(String name) {
            if ("Contents".equals(name)) {
                startObject();
            } else {
                startPrefixes();
            }
        }

        void endEntry() {
            if (inObject()) {
                endObject();
            } else {
                endPrefixes();
            }
        }

        /** A child element of the open entry, or of the ListBucketResult when none is. */
        void field(String name, String text) {
            BiConsumer<Page, String> setter = fields().get(name);
            if (setter != null) {
                setter.accept(this, text);
            }
        }

        /** Whether {@code name} is an element whose text is read where it stands (in an entry or not). */
        boolean reads(String name) {
            return fields().containsKey(name);
        }

        private Map<String, BiConsumer<Page, String>> fields() {
            return inObject() ? OBJECT_FIELDS : inPrefixes ? PREFIX_FIELDS : FIELDS;
        }

        ListObjectsV2Response build() {
            boolean urlEncoded = "url".equals(encoding);
            List<S3Object> objects = new ArrayList<>(contents.size());
            for (int i = 0; i < contents.size(); i++) {
                objects.add(contents.get(i).key(decoded(keys.get(i), urlEncoded)).build());
            }
            ListObjectsV2Response.Builder page = ListObjectsV2Response.builder().contents(objects).isTruncated(truncated)
                    .nextContinuationToken(next).keyCount(objects.size() + prefixes.size());
            if (!prefixes.isEmpty()) {
                List<CommonPrefix> common = new ArrayList<>(prefixes.size());
                for (String prefix : prefixes) {
                    common.add(CommonPrefix.builder().prefix(decoded(prefix, urlEncoded)).build());
                }
                page.commonPrefixes(common);
            }
            return page.build();
        }

        private static String decoded(String text, boolean urlEncoded) {
            return urlEncoded && text != null ? URLDecoder.decode(text, StandardCharsets.UTF_8) : text;
        }
    }

    static ListObjectsV2Response parseWithStax(byte[] xml) throws XMLStreamException {
        XMLStreamReader r = reader(xml);
        Page page = new Page();
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT && page.inEntry() && Page.entry(r.getLocalName())) {
                    page.endEntry();
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (!page.inEntry() && Page.entry(name)) {
                    page.startEntry(name);
                } else if (page.reads(name)) {
                    page.field(name, r.getElementText());
                }
            }
        } finally {
            r.close();
        }
        return page.build();
    }

    /**
     * The page as the byte scan reads it, or null when the page uses anything the scan leaves to a full XML parser.
     * Depth 1 is the ListBucketResult, 2 its fields and its Contents and CommonPrefixes entries, 3 an entry's fields;
     * deeper elements (an Owner's ID) are passed over, as their text is.
     */
    static Page scan(byte[] xml) {
        Page page = new Page();
        String[] open = new String[8];
        int depth = 0;
        boolean rootRead = false;
        int textStart = -1;
        int i = 0;
        int n = xml.length;
        while (i < n) {
            int lt = indexOf(xml, (byte) '<', i);
            if (lt < 0) {
                return depth == 0 && rootRead && blank(xml, i, n) ? page : null;
            }
            if (depth == 0 && !blank(xml, i, lt)) {
                return null;
            }
            if (lt + 1 >= n) {
                return null;
            }
            byte next = xml[lt + 1];
            if (next == '?') {
                int end = indexOf(xml, (byte) '>', lt);
                if (end < 0 || depth > 0 || !utf8Declaration(xml, lt, end)) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            if (next == '!') {
                return null; // a comment, CDATA or a DOCTYPE: the full parser's
            }
            if (next == '/') {
                int end = indexOf(xml, (byte) '>', lt);
                if (end < 0 || depth == 0) {
                    return null;
                }
                String name = localName(xml, lt + 2, trimEnd(xml, lt + 2, end));
                if (!name.equals(open[depth - 1])) {
                    return null;
                }
                if (textStart >= 0) {
                    String text = text(xml, textStart, lt);
                    if (text == null) {
                        return null;
                    }
                    element(page, depth, name, text);
                    textStart = -1;
                }
                if (depth == 2 && Page.entry(name)) {
                    page.endEntry();
                }
                depth--;
                i = end + 1;
                continue;
            }
            int end = tagEnd(xml, lt + 1);
            if (end < 0 || depth == open.length || textStart >= 0 && !blank(xml, textStart, lt)) {
                return null; // text and elements mixed in one element: the full parser's
            }
            boolean empty = xml[end - 1] == '/';
            int nameEnd = lt + 1;
            while (nameEnd < end && !whitespace(xml[nameEnd]) && xml[nameEnd] != '/') {
                nameEnd++;
            }
            String name = localName(xml, lt + 1, nameEnd);
            if (name.isEmpty() || depth == 0 && (rootRead || !"ListBucketResult".equals(name))) {
                return null;
            }
            rootRead = true;
            if (depth == 1 && Page.entry(name)) {
                if (empty) {
                    return null;
                }
                page.startEntry(name);
            } else if (empty) {
                element(page, depth + 1, name, "");
            }
            if (!empty) {
                open[depth++] = name;
            }
            textStart = empty ? -1 : end + 1;
            i = end + 1;
        }
        return depth == 0 && rootRead ? page : null; // else it ended inside an element
    }

    /** The text of an element that holds only text, at {@code depth}, to the page. */
    private static void element(Page page, int depth, String name, String text) {
        if (depth == 3 && page.inEntry() || depth == 2 && !page.inEntry()) { // an entry's field, or the page's
            page.field(name, text);
        }
    }

    /** The end of a start tag ('>'), quoted attribute values passed over; -1 when there is none. */
    private static int tagEnd(byte[] xml, int from) {
        byte quote = 0;
        for (int i = from; i < xml.length; i++) {
            byte b = xml[i];
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '<') {
                return -1;
            } else if (b == '>') {
                return i;
            }
        }
        return -1;
    }

    /** Element text with its entities and character references replaced; null for what the scan leaves to a parser. */
    static String text(byte[] xml, int from, int to) {
        int amp = -1;
        for (int i = from; i < to; i++) {
            byte b = xml[i];
            if (b == '\r' || b == '>' && i >= from + 2 && xml[i - 1] == ']' && xml[i - 2] == ']') {
                return null; // line ends an XML parser normalizes; "]]>", which is not allowed in text
            }
            if (b == '&' && amp < 0) {
                amp = i;
            }
        }
        if (amp < 0) {
            return new String(xml, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(to - from);
        int start = from;
        int i = amp;
        while (i < to) {
            if (xml[i] != '&') {
                i++;
                continue;
            }
            text.append(new String(xml, start, i - start, StandardCharsets.UTF_8));
            int semi = indexOf(xml, (byte) ';', i);
            if (semi < 0 || semi >= to || semi - i > 12) {
                return null;
            }
            String entity = new String(xml, i + 1, semi - i - 1, StandardCharsets.US_ASCII);
            switch (entity) {
                case "quot" -> text.append('"');
                case "amp" -> text.append('&');
                case "lt" -> text.append('<');
                case "gt" -> text.append('>');
                case "apos" -> text.append('\'');
                default -> {
                    int code = characterReference(entity);
                    if (code < 0) {
                        return null;
                    }
                    text.appendCodePoint(code);
                }
            }
            i = semi + 1;
            start = i;
        }
        text.append(new String(xml, start, to - start, StandardCharsets.UTF_8));
        return text.toString();
    }

    /** The code point of {@code #123} or {@code #x7B}; -1 when it is not one an XML 1.0 document may hold. */
    private static int characterReference(String entity) {
        if (entity.length() < 2 || entity.charAt(0) != '#') {
            return -1;
        }
        boolean hex = entity.charAt(1) == 'x';
        String digits = entity.substring(hex ? 2 : 1);
        if (digits.isEmpty()) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), hex ? 16 : 10);
            if (d < 0 || code > 0x10FFFF) {
                return -1;
            }
            code = code * (hex ? 16 : 10) + d;
        }
        boolean allowed = code == 0x9 || code == 0xA || code == 0xD || code >= 0x20 && code <= 0xD7FF
                || code >= 0xE000 && code <= 0xFFFD || code >= 0x10000 && code <= 0x10FFFF;
        return allowed ? code : -1;
    }

    /** An XML declaration, UTF-8 (or without an encoding, which means UTF-8). */
    private static boolean utf8Declaration(byte[] xml, int from, int end) {
        String declaration = new String(xml, from, end + 1 - from, StandardCharsets.US_ASCII);
        if (!declaration.startsWith("<?xml") || !declaration.endsWith("?>")) {
            return false;
        }
        int at = declaration.indexOf("encoding");
        return at < 0 || declaration.substring(at).matches("(?s)encoding\\s*=\\s*[\"'](?i:utf-8)[\"'].*");
    }

    /** A tag's name without its namespace prefix, as StAX's getLocalName gives it. */
    private static String localName(byte[] xml, int from, int to) {
        for (int i = from; i < to; i++) {
            if (xml[i] == ':') {
                from = i + 1;
            }
        }
        return new String(xml, from, to - from, StandardCharsets.UTF_8);
    }

    private static int trimEnd(byte[] xml, int from, int to) {
        while (to > from && whitespace(xml[to - 1])) {
            to--;
        }
        return to;
    }

    private static boolean blank(byte[] xml, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!whitespace(xml[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }

    private static int indexOf(byte[] xml, byte b, int from) {
        for (int i = from; i < xml.length; i++) {
            if (xml[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * S3's timestamp, {@code 2026-11-30T22:55:56.123Z}, read directly (java.time's ISO parser costs a listing of
     * 1,000 keys more than the rest of its reading while the JVM warms up); any other form by {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(n - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
            if (ok && n > 20) {
                int fraction = n - 21; // the digits between '.' and 'Z'
                ok = text.charAt(19) == '.' && fraction >= 1 && fraction <= 9;
                int value = ok ? digits(text, 20, n - 1) : -1;
                ok = value >= 0;
                nanos = value;
                for (int f = fraction; ok && f < 9; f++) {
                    nanos *= 10;
                }
            }
            if (ok && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in text[from, to), or -1 when any of it is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
