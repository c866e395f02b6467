package io.s3migration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessKeyMaskTest {

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", nullValues = "NULL", textBlock = """
            FAKEKEYFORTESTSWXYZ      | FAKE****WXYZ
            ' FAKEKEYFORTESTSWXYZ '  | FAKE****WXYZ
            minioadmin-tenant-a      | mini****nt-a
            0123456789abcdef         | 0123****cdef
            0123456789abcde          | ****
            minioadmin               | ****
            ab                       | ****
            ''                       | ''
            NULL                     | ''
            """)
    void showsOnlyTheEndsOfLongKeys(String key, String masked) {
        assertEquals(masked, AccessKeyMask.mask(key));
    }

    @org.junit.jupiter.api.Test
    void masksEveryAccessKeyShapedWordInAText() {
        String key = "AKIA" + "IOSFODNN7" + "EXAMPLE"; // built at run time: no key-shaped literal in the source
        String temporary = "ASIA" + "0123456789" + "ABCDEF";
        assertEquals("key AKIA****MPLE, then ASIA****CDEF; AKIATOOSHORT stays",
                AccessKeyMask.maskShapesIn("key " + key + ", then " + temporary + "; AKIATOOSHORT stays"));
        assertEquals(null, AccessKeyMask.maskShapesIn(null));
    }
}
