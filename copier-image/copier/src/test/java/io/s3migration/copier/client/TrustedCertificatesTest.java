package io.s3migration.copier.client;

import io.s3migration.copier.support.ThrowawayCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.X509ExtendedTrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading S3M_CA_BUNDLE: what is not a readable PEM file of certificates is invalid input naming the variable and path. */
class TrustedCertificatesTest {
    /** A self-signed CA certificate (keytool, EC P-256, valid until 2126), made for this test only. */
    static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBYTCCAQegAwIBAgIJAKChrv22HOQjMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMT
            EHMzbSB1bml0IHRlc3QgQ0EwIBcNMjYxMTMwMTA0NDI3WhgPMjEyNjExMDYxMDQ0
            MjdaMBsxGTAXBgNVBAMTEHMzbSB1bml0IHRlc3QgQ0EwWTATBgcqhkjOPQIBBggq
            hkjOPQMBBwNCAATgDWGLL77hoH03tBJxlx9mg9Dn1bqV22IVCo0yHpPsxrEPv9ql
            SIsl+/V2zv4rGbE7FYhK4yf/M4jecB7nXNjjozIwMDAdBgNVHQ4EFgQUI98WpHQk
            I2XSb2li+dO2Pkh6VJcwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
            AiBgcDnzcDvwiYF+DFduD9gNtA9ydRMq/vP4ptXP/SffdgIhAKffxCcTJiXSiXlU
            hDUbYjPxPK/zSdTtTfmuPq3cYMGD
            -----END CERTIFICATE-----
            """;

    @Test
    void theBundleIsTrustedInAdditionToTheDefaultCas(@TempDir Path dir) throws Exception {
        Path one = Files.writeString(dir.resolve("ca.pem"), CA_PEM);
        Path two = Files.writeString(dir.resolve("two.pem"), "a comment before\n" + CA_PEM + CA_PEM);
        List<X509Certificate> certificates = TrustedCertificates.read(one);
        assertEquals(1, certificates.size());
        assertEquals(2, TrustedCertificates.read(two).size());

        X509ExtendedTrustManager combined = TrustedCertificates.combined(certificates);
        X509Certificate ca = certificates.get(0);
        assertDoesNotThrow(() -> combined.checkServerTrusted(new X509Certificate[]{ca}, "ECDHE_ECDSA"));
        X509ExtendedTrustManager defaultsOnly = TrustedCertificates.combined(List.of());
        assertThrows(CertificateException.class, () -> defaultsOnly.checkServerTrusted(new X509Certificate[]{ca}, "ECDHE_ECDSA"));
        List<X509Certificate> issuers = Arrays.asList(combined.getAcceptedIssuers());
        assertTrue(issuers.contains(ca));
        assertTrue(issuers.size() > 1, "the JVM's default CAs stay trusted: " + issuers.size());
    }

    @Test
    void theJvmsTrustStoreIsReadOnlyForAServerTheBundleDoesNotSign(@TempDir Path dir) throws Exception {
        X509Certificate ca = TrustedCertificates.read(Files.writeString(dir.resolve("ca.pem"), CA_PEM)).get(0);
        AtomicInteger loads = new AtomicInteger();
        X509ExtendedTrustManager combined = TrustedCertificates.combined(List.of(ca), () -> {
            loads.incrementAndGet();
            return TrustedCertificates.combined(List.of());
        });

        // a platform's own storage: its CA is in the bundle, the JVM's ~150 CAs are never read
        for (int i = 0; i < 3; i++) {
            combined.checkServerTrusted(new X509Certificate[]{ca}, "ECDHE_ECDSA");
        }
        assertEquals(0, loads.get(), "the JVM's trust store was read for a chain the bundle signs");

        // a server the bundle does not sign: the default trust decides, read once, and its refusal is what is thrown
        X509Certificate stranger = TrustedCertificates.read(ThrowawayCa.create(dir.resolve("stranger"), "stranger").caPem()).get(0);
        for (int i = 0; i < 2; i++) {
            CertificateException refused = assertThrows(CertificateException.class,
                    () -> combined.checkServerTrusted(new X509Certificate[]{stranger}, "ECDHE_ECDSA"));
            assertEquals(1, refused.getSuppressed().length, "the bundle's refusal rides along");
        }
        assertEquals(1, loads.get());
    }

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
