package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading S3M_CA_BUNDLE: what is not a readable PEM file of certificates is invalid input naming the variable and path. */
class TrustedCertificatesTest {

    @Test
    void aMissingOrNonPemFileIsInvalidInputNamingVariableAndPath(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path text = Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        for (Path bad : new Path[]{missing, text, broken, dir}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedCertificates.read(bad));
            assertTrue(e.getMessage().startsWith("S3M_CA_BUNDLE '" + bad + "' "), e.getMessage());
        }
    }
}
