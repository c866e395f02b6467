package io.s3migration.copier.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keys and metadata that break naive copiers. */
public final class Corpus {
    private Corpus() {
    }

    /** Keys a careful copier must carry over byte-exact. */
    public static List<String> trickyKeys() {
        List<String> keys = new ArrayList<>(List.of(
                "plain.txt", "with space.txt", "  leading-spaces", "trailing-space ", "plus+sign.txt", "a+b=c",
                "equals=sign", "percent%20literal", "percent%", "%2F-encoded-slash", "question?mark", "hash#tag",
                "amp&ersand", "semi;colon", "comma,x", "colon:x", "at@x", "dollar$x", "tilde~x", "brackets[1]{2}(3)",
                "quote'single", "\"double-quoted\"", "backslash\\x", "caret^x", "pipe|x", "lt<gt>", "star*x",
                "unicode/ünïcödé-日本語-😀", "unicode/NFC-\u00e9", "unicode/NFD-e\u0301", "unicode/\uFF21-fullwidth",
                "unicode/\uD800\uDC00-linear-b", "ends-with-dot.", "folder/", "folder/nested/", "folder/nested/file",
                "a//double-slash", "/leading-slash", "dir/./dot", "dir/../dotdot", "tab\tkey"));
        keys.add(longKey());
        keys.add(LONG_SEGMENT);
        return keys;
    }

    /** One 300-byte path segment: S3 allows it, file-system-backed servers may not (MinIO: 255). */
    public static final String LONG_SEGMENT = "segment-300/" + "z".repeat(300);

    /** Keys whose meaning a file-system-backed server may change (collapse, resolve): servers differ here. */
    public static boolean pathLike(String key) {
        return key.contains("//") || key.startsWith("/") || key.contains("/./") || key.contains("/../")
                || key.contains("\t") || key.endsWith(" ") || key.startsWith(" ") || key.contains("\\")
                || key.equals(LONG_SEGMENT);
    }

    /** 1024 bytes, the longest key S3 allows, in segments a file-system-backed server can store. */
    public static String longKey() {
        StringBuilder sb = new StringBuilder("long");
        char c = 'a';
        while (sb.length() < 1024) {
            sb.append('/');
            int n = Math.min(200, 1024 - sb.length());
            sb.append(String.valueOf(c++).repeat(n));
        }
        return sb.toString();
    }

    public static Dataset.Item allHeaders(byte[] gzipped) {
        return new Dataset.Item("meta/all-headers.json.gz", gzipped, "application/json; charset=utf-8",
                Map.of("owner", "team-a", "mixed-case", "Value With Spaces", "long", "x".repeat(1000)),
                "no-cache, max-age=0", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.json", "fr-CA");
    }

    public static Map<String, String> manyUserMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            m.put("key-" + i, "value " + i + " =+/&?");
        }
        return m;
    }

    public static final String CONTENT_ENCODING = "gzip";
    public static final Instant EXPIRES = Instant.parse("2031-01-02T03:04:05Z");
}
