package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MergeJoinTest {

    /** "key:size:etag" -> object. */
    static List<ListedObject> objects(String spec) {
        if (spec.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(spec.split(",")).map(s -> {
            String[] p = s.split(":");
            return new ListedObject(p[0], Long.parseLong(p[1]), p[2], "STANDARD", null);
        }).toList();
    }

    /** Decisions as "key=Copy(why)|Skip|Confirm". */
    static String run(String source, String destination, boolean sizeOnly) {
        Iterator<Decision> join = new MergeJoin(objects(source).iterator(), objects(destination).iterator(), sizeOnly);
        List<String> out = new ArrayList<>();
        join.forEachRemaining(d -> out.add(d.source().key() + "=" + (d instanceof Decision.Copy c
                ? "Copy(" + c.why() + ")" : d.getClass().getSimpleName())));
        return String.join(" ", out);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty source", "", "a:1:e1", false, ""),
                Arguments.of("empty destination", "a:1:e1,b:2:e2", "", false, "a=Copy(missing) b=Copy(missing)"),
                Arguments.of("identical", "a:1:e1,b:2:e2", "a:1:e1,b:2:e2", false, "a=Skip b=Skip"),
                Arguments.of("destination-only keys interleaved are ignored", "b:1:e1,d:1:e2", "a:1:x,b:1:e1,c:9:y,e:1:z", false, "b=Skip d=Copy(missing)"),
                Arguments.of("size differs", "a:1:e1", "a:2:e1", false, "a=Copy(size differs)"),
                Arguments.of("same size other etag", "a:1:e1", "a:1:e2", false, "a=Copy(ETag differs)"),
                Arguments.of("destination multipart etag needs confirmation", "a:9:abc", "a:9:def-2", false, "a=Confirm"),
                Arguments.of("equal multipart etags are evidence", "a:9:abc-3", "a:9:abc-3", false, "a=Skip"),
                Arguments.of("size-only mode", "a:1:e1,b:2:e2", "a:1:zz,b:3:e2", true, "a=Skip b=Copy(size differs)"),
                Arguments.of("destination ahead of source", "a:1:e,b:1:e,c:1:e", "c:1:e", false, "a=Copy(missing) b=Copy(missing) c=Skip"),
                Arguments.of("supplementary characters in UTF-8 order", "a\uFF21:1:e,a\uD83D\uDE00:1:e", "a\uD83D\uDE00:1:e", false,
                        "a\uFF21=Copy(missing) a\uD83D\uDE00=Skip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, String source, String destination, boolean sizeOnly, String expected) {
        assertEquals(expected, run(source, destination, sizeOnly));
    }
}
