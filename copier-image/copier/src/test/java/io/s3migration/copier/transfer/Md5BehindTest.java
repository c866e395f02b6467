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
}
