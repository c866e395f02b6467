package io.s3migration.copier.client;

import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.conscrypt.Conscrypt;

import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * TLS and MD5 in native code (Conscrypt: BoringSSL's AES-GCM and MD5 in assembly), whatever the JIT. The copier's
 * JVM runs C1 only (jvm.options: a fraction of the CPU of C2 compiling the SDK's request pipeline), and C1 has no
 * AES-GCM intrinsics: the JDK's own TLS ran ~75x slower there. Conscrypt is used by name, never installed as a
 * JVM-wide provider: certificate checks stay the JDK's (the run's trust managers, {@link TrustedCertificates}), and
 * host names are still checked by the HTTP client.
 * <p>
 * Where the native library does not load (Conscrypt ships it for linux-x86_64 and Windows only; a platform without
 * it, or a /tmp it cannot write to), everything stays on the JDK's providers and the image keeps C2 (its build
 * runs {@link #main} and drops the C1-only option when this says unavailable).
 */
public final class NativeCrypto {
    private static final Provider PROVIDER;
    private static final String UNAVAILABLE;

    static {
        Provider provider = null;
        String why = null;
        try {
            Conscrypt.checkAvailability(); // throws what stopped the native library from loading
            provider = Conscrypt.newProvider();
        } catch (LinkageError | RuntimeException e) {
            why = e.toString();
        }
        PROVIDER = provider;
        UNAVAILABLE = why;
    }

    private NativeCrypto() {
    }

    /** Whether TLS and MD5 run natively. */
    public static boolean available() {
        return PROVIDER != null;
    }

    /** Why they do not (null when they do). */
    public static String unavailableBecause() {
        return UNAVAILABLE;
    }

    /**
     * The https socket factory for the HTTP client: Conscrypt's TLS with {@code trust} (null: the JDK's default CAs),
     * the HTTP client's host name check. Null when native TLS is unavailable: the client then builds its own. One per
     * trust (the same array, or null): a run's four HTTP clients share it, so the CA store is read and a TLS context
     * set up once, not four times before the first request.
     */
    public static ConnectionSocketFactory tlsSocketFactory(TrustManager[] trust) {
        if (PROVIDER == null) {
            return null;
        }
        synchronized (SHARED) {
            if (SHARED.trust != trust || SHARED.factory == null) {
                SHARED.trust = trust;
                SHARED.factory = newTlsSocketFactory(trust);
            }
            return SHARED.factory;
        }
    }

    /** The last factory made, and the trust it was made for. */
    private static final class Shared {
        private TrustManager[] trust;
        private ConnectionSocketFactory factory;
    }

    private static final Shared SHARED = new Shared();

    private static ConnectionSocketFactory newTlsSocketFactory(TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS", PROVIDER);
            context.init(null, chainOnly(trust != null ? trust : new TrustManager[]{TrustedCertificates.combined(List.of())}), null);
            return new SSLConnectionSocketFactory(context, SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** An MD5 digest: native when available. */
    public static MessageDigest md5() {
        return digest("MD5");
    }

    /**
     * A SHA-256 digest: native when available. Each native instance holds native state until it is collected: keep
     * one and reuse it, do not ask for one per use.
     */
    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    /** An HMAC-SHA256: native when available; as {@link #sha256()}, one to keep. */
    static Mac hmacSha256() {
        try {
            return PROVIDER != null ? Mac.getInstance("HmacSHA256", PROVIDER) : Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return PROVIDER != null ? MessageDigest.getInstance(algorithm, PROVIDER) : MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JDK's trust managers as Conscrypt can use them: the chain alone is judged (their socket-aware checks want
     * the JDK's own handshake session; host names are the HTTP client's check either way), and TLS 1.3's key-exchange
     * agnostic auth type, which Conscrypt calls GENERIC, goes by the name the JDK gives it, UNKNOWN. A chain they
     * accepted is not checked again for every connection ({@link CheckedChains}).
     */
    static TrustManager[] chainOnly(TrustManager[] trust) {
        return Arrays.stream(trust)
                .map(tm -> tm instanceof X509TrustManager x509 ? new ChainOnly(new CheckedChains(x509, Clock.systemUTC())) : tm)
                .toArray(TrustManager[]::new);
    }

    private record ChainOnly(X509TrustManager delegate) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, "GENERIC".equals(authType) ? "UNKNOWN" : authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, "GENERIC".equals(authType) ? "UNKNOWN" : authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** For the image build: exits 0 and says so when native crypto works here, 1 and why otherwise. */
    public static void main(String[] args) throws Exception {
        if (!available()) {
            System.out.println("native crypto unavailable: " + UNAVAILABLE);
            System.exit(1);
        }
        // prove it: a TLS context and a digest from the native provider
        SSLContext.getInstance("TLS", PROVIDER).init(null, new TrustManager[]{TrustedCertificates.combined(List.of())}, null);
        md5().digest(new byte[]{1});
        System.out.println("native crypto available: " + PROVIDER.getName() + " " + PROVIDER.getVersionStr());
    }
}
