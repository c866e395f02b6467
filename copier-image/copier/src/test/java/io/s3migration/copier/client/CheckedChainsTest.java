package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A chain the delegate accepted is checked once for many connections; refusals, other auth types and time are not remembered. */
class CheckedChainsTest {
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T12:00:00Z"));

    @Test
    void connectionsThatPresentAnAcceptedChainAtOnceWaitForOneCheck(@TempDir Path dir) throws Exception {
        X509Certificate[] chain = chain(dir);
        CountDownLatch slow = new CountDownLatch(1);
        CheckedChains trust = new CheckedChains(recording(null, slow), clock, false);
        ExecutorService connections = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> handshakes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                handshakes.add(connections.submit(() -> {
                    trust.checkServerTrusted(chain, "UNKNOWN");
                    return null;
                }));
            }
            Thread.sleep(200); // every handshake has started; the first check is still running
            slow.countDown();
            for (Future<?> handshake : handshakes) {
                handshake.get(10, TimeUnit.SECONDS);
            }
        } finally {
            connections.shutdownNow();
        }
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(List.of("UNKNOWN"), asked, "one check for 17 connections");

        trust.checkServerTrusted(chain, "ECDHE_ECDSA");
        assertEquals(List.of("UNKNOWN", "ECDHE_ECDSA"), asked, "another auth type is checked on its own");
    }

    @Test
    void aRefusedChainIsCheckedAgainAtEveryConnectionWithTheDelegatesReason(@TempDir Path dir) throws Exception {
        X509Certificate[] chain = chain(dir);
        CertificateException refusal = new CertificateException("PKIX path building failed");
        CheckedChains trust = new CheckedChains(recording(refusal, null), clock, false);
        for (int i = 0; i < 3; i++) {
            assertSame(refusal, assertThrows(CertificateException.class, () -> trust.checkServerTrusted(chain, "UNKNOWN")));
        }
        assertEquals(3, asked.size());
    }

    @Test
    void anAcceptanceHoldsTenMinutesAndOnlyWhileTheCertificatesAreValid(@TempDir Path dir) throws Exception {
        X509Certificate[] chain = chain(dir);
        CheckedChains trust = new CheckedChains(recording(null, null), clock, false);
        trust.checkServerTrusted(chain, "UNKNOWN");
        clock.now = clock.now.plus(CheckedChains.REMEMBERED);
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(1, asked.size(), "still remembered at the end of its time");
        clock.now = clock.now.plusSeconds(1);
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(2, asked.size(), "checked again after it");

        clock.now = chain[0].getNotAfter().toInstant().minusSeconds(1);
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(3, asked.size(), "another check: the remembered one is older than ten minutes");
        clock.now = chain[0].getNotAfter().toInstant().plusSeconds(1);
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(4, asked.size(), "the certificate expired within the ten minutes: the delegate judges it again");
    }

    @Test
    void withRevocationCheckedEveryConnectionAsksTheDelegate(@TempDir Path dir) throws Exception {
        X509Certificate[] chain = chain(dir);
        CheckedChains trust = new CheckedChains(recording(null, null), clock, true);
        trust.checkServerTrusted(chain, "UNKNOWN");
        trust.checkServerTrusted(chain, "UNKNOWN");
        assertEquals(2, asked.size());
    }

    private static X509Certificate[] chain(Path dir) {
        Path pem;
        try {
            pem = Files.writeString(dir.resolve("ca.pem"), TrustedCertificatesTest.CA_PEM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TrustedCertificates.read(pem).toArray(X509Certificate[]::new);
    }

    /** Records every check it is asked for; refuses with {@code refusal} (null: accepts), after {@code release} opens. */
    private X509TrustManager recording(CertificateException refusal, CountDownLatch release) {
        return new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                asked.add(authType);
                if (release != null) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (refusal != null) {
                    throw refusal;
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new AssertionError("the copier is no TLS server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
