package io.s3migration.copier.transfer;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class Md5BehindTest {
    static final String HEX = "\"0123456789ABCDEF0123456789abcdef\"";

    @Test
    void aPlainOrSseS3ETagIsTheMd5() {
        assertEquals("0123456789abcdef0123456789abcdef", Integrity.md5Behind(HEX, null, null));
        assertEquals("0123456789abcdef0123456789abcdef", Integrity.md5Behind(HEX, ServerSideEncryption.AES256, null));
    }

    @Test
    void kmsDsseCustomerKeyAndMultipartETagsAreNot() {
        assertNull(Integrity.md5Behind(HEX, ServerSideEncryption.AWS_KMS, null));
        assertNull(Integrity.md5Behind(HEX, ServerSideEncryption.AWS_KMS_DSSE, null));
        assertNull(Integrity.md5Behind(HEX, ServerSideEncryption.UNKNOWN_TO_SDK_VERSION, null));
        assertNull(Integrity.md5Behind(HEX, null, "AES256"));
        assertNull(Integrity.md5Behind("\"0123456789abcdef0123456789abcdef-3\"", null, null));
    }

    @Test
    void aMultipartETagNamesItsPartCountUnlessItIsNoMd5OfMd5s() {
        assertEquals(3, Integrity.partsBehind("\"0123456789abcdef0123456789abcdef-3\"", null, null));
        assertEquals(10000, Integrity.partsBehind("0123456789ABCDEF0123456789abcdef-10000", ServerSideEncryption.AES256, null));
        assertEquals(0, Integrity.partsBehind(HEX, null, null), "one PUT");
        assertEquals(0, Integrity.partsBehind("\"0123456789abcdef0123456789abcdef-3\"", ServerSideEncryption.AWS_KMS, null));
        assertEquals(0, Integrity.partsBehind("\"0123456789abcdef0123456789abcdef-3\"", null, "AES256"), "a customer key");
        assertEquals(0, Integrity.partsBehind("\"0123456789abcdef-3\"", null, null));
        assertEquals(0, Integrity.partsBehind("\"0123456789abcdef0123456789abcdef-\"", null, null));
        assertEquals(0, Integrity.partsBehind("\"0123456789abcdef0123456789abcdef-x3\"", null, null));
        assertEquals(0, Integrity.partsBehind(null, null, null));
    }

    @Test
    void theMultipartETagOfPartsIsTheMd5OfTheirMd5s() {
        // "hello" and "world" as two parts; the expected value computed apart from this code (Python's hashlib)
        assertEquals("065947336a2f2a95ba8899f3675c3be6-2", Integrity.multipartETag(java.util.List.of(
                "5d41402abc4b2a76b9719d911017c592", "7d793037a0760186574b0282f2f435e7")));
    }
}
