package io.s3migration.copier.client;

import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Native TLS and MD5 where Conscrypt ships its library (linux-x86_64, this project's image and CI); the JDK's elsewhere. */
class NativeCryptoTest {
    private static final boolean SHIPPED = "Linux".equals(System.getProperty("os.name"))
            && "amd64".equals(System.getProperty("os.arch"));

    @Test
    void onLinuxX8664TheNativeProviderLoadsAndServesTlsAndMd5() {
        Assumptions.assumeTrue(SHIPPED, "Conscrypt ships no native library for " + System.getProperty("os.name") + "/"
                + System.getProperty("os.arch") + ": the JDK's providers serve there");
        assertNull(NativeCrypto.unavailableBecause());
        assertInstanceOf(SSLConnectionSocketFactory.class, NativeCrypto.tlsSocketFactory(null));
        assertEquals("Conscrypt", NativeCrypto.md5().getProvider().getName());
    }

    @Test
    void aRunsHttpClientsShareOneTlsSetUpPerTrust() {
        Assumptions.assumeTrue(NativeCrypto.available(), "no native TLS here");
        TrustManager[] runTrust = new TrustManager[]{TrustedCertificates.combined(List.of())};
        var first = NativeCrypto.tlsSocketFactory(runTrust);
        assertSame(first, NativeCrypto.tlsSocketFactory(runTrust), "the same trust: the CA store read and the context set up once");
        var other = NativeCrypto.tlsSocketFactory(new TrustManager[]{TrustedCertificates.combined(List.of())});
        assertNotSame(first, other, "other trust (another run's CA bundle): its own context, never the last one's");
        assertNotSame(other, NativeCrypto.tlsSocketFactory(null));
    }

    @Test
    void md5IsMd5WhicheverProviderServesIt() {
        assertEquals("900150983cd24fb0d6963f7d28e17f72",
                HexFormat.of().formatHex(NativeCrypto.md5().digest("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void withoutNativeCodeTheHttpClientKeepsItsOwnTls() {
        Assumptions.assumeFalse(NativeCrypto.available(), "native crypto is available here");
        assertNull(NativeCrypto.tlsSocketFactory(null));
        assertNotNull(NativeCrypto.unavailableBecause());
    }

    @Test
    void theJdkTrustManagersJudgeTheChainAndKnowTls13AuthTypeByTheJdkName() throws Exception {
        List<String> seen = new ArrayList<>();
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                seen.add("client " + authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.add("server " + authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        TrustManager[] adapted = NativeCrypto.chainOnly(new TrustManager[]{recording});
        X509TrustManager tm = assertInstanceOf(X509TrustManager.class, adapted[0]);
        assertFalse(tm instanceof javax.net.ssl.X509ExtendedTrustManager, "socket-aware checks would want a JDK session");
        tm.checkServerTrusted(new X509Certificate[0], "GENERIC");
        tm.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA");
        tm.checkClientTrusted(new X509Certificate[0], "GENERIC");
        assertEquals(List.of("server UNKNOWN", "server ECDHE_ECDSA", "client UNKNOWN"), seen);
    }
}
