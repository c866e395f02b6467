package io.s3migration.copier.client;

import io.s3migration.protocol.CopierConfig;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import static io.s3migration.protocol.CopierSettings.CA_BUNDLE;

/**
 * What the copier trusts for https: the JVM's default CAs, and in addition the certificates of
 * {@code S3M_CA_BUNDLE} (a PEM file; a platform's own storage behind a private CA). A server certificate is accepted
 * when either trusts it; host name checks stay as they are (the HTTP client's).
 */
public final class TrustedCertificates {
    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

    private TrustedCertificates() {
    }

    /** Reads the run's CA bundle, if any; an unreadable one is an {@link IllegalArgumentException} naming variable and path. */
    public static void check(CopierConfig config) {
        String path = config.get(CA_BUNDLE);
        if (path != null) {
            read(Path.of(path));
        }
    }

    /** The trust managers for the run: null (the HTTP client's default) without a CA bundle. */
    public static TrustManager[] forRun(CopierConfig config) {
        String path = config.get(CA_BUNDLE);
        return path == null ? null : new TrustManager[]{combined(read(Path.of(path)))};
    }

    /** Every certificate in a PEM file: at least one, or an {@link IllegalArgumentException} naming the variable and path. */
    public static List<X509Certificate> read(Path pem) {
        String problem;
        try {
            byte[] bytes = Files.readAllBytes(pem);
            if (!new String(bytes, StandardCharsets.US_ASCII).contains(PEM_BEGIN)) {
                problem = "holds no PEM certificate (" + PEM_BEGIN + ")";
            } else {
                Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(bytes));
                List<X509Certificate> x509 = new ArrayList<>();
                for (var c : certificates) {
                    x509.add((X509Certificate) c);
                }
                if (!x509.isEmpty()) {
                    return x509;
                }
                problem = "holds no certificate";
            }
        } catch (IOException e) {
            problem = "cannot be read (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        } catch (CertificateException | ClassCastException e) {
            problem = "is not a valid PEM certificate file (" + e.getMessage() + ")";
        }
        throw new IllegalArgumentException(CA_BUNDLE + " '" + pem + "' " + problem
                + ": it must be a readable PEM file of one or more CA certificates");
    }

    /** A trust manager that accepts what {@code extra} signs, or else what the JVM's default trust accepts. */
    static X509ExtendedTrustManager combined(List<X509Certificate> extra) {
        return combined(extra, () -> trustManager(null)); // null: the JVM's default trust store
    }

    /** As {@link #combined(List)}, with the default trust made by {@code defaults} (when first needed, with a bundle). */
    static X509ExtendedTrustManager combined(List<X509Certificate> extra, DefaultTrust defaults) {
        try {
            if (extra.isEmpty()) {
                return defaults.load(); // a PKIX trust manager without anchors fails every check with an exception
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < extra.size(); i++) {
                store.setCertificateEntry("s3m-ca-bundle-" + i, extra.get(i));
            }
            return new Either(new LoadedOnce(defaults), trustManager(store));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust", e);
        }
    }

    /** Makes the trust manager of the JVM's default CAs. */
    interface DefaultTrust {
        X509ExtendedTrustManager load() throws GeneralSecurityException;
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store); // null: the JVM's default trust store
        return Arrays.stream(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X509 trust manager"));
    }

    /**
     * The JVM's default trust, read from its trust store when first asked (~40 ms of a start: ~150 certificates
     * parsed before the JIT has compiled anything), and then kept.
     */
    private static final class LoadedOnce {
        private final DefaultTrust source;
        private volatile X509ExtendedTrustManager loaded;

        LoadedOnce(DefaultTrust source) {
            this.source = source;
        }

        X509ExtendedTrustManager get() throws CertificateException {
            X509ExtendedTrustManager tm = loaded;
            if (tm == null) {
                synchronized (this) {
                    if (loaded == null) {
                        try {
                            loaded = source.load();
                        } catch (GeneralSecurityException e) {
                            throw new CertificateException("cannot read the JVM's default trust store: " + e.getMessage(), e);
                        }
                    }
                    tm = loaded;
                }
            }
            return tm;
        }
    }

    /**
     * The bundle's trust first, then, when it refuses a chain, the default's; refused by both: the default's reason
     * (the bundle's suppressed). Either order accepts the same chains; this one reads the JVM's trust store only for a
     * server the bundle does not sign, so a run against a platform's own storage never reads it.
     */
    private static final class Either extends X509ExtendedTrustManager {
        private final LoadedOnce defaults;
        private final X509ExtendedTrustManager bundle;

        Either(LoadedOnce defaults, X509ExtendedTrustManager bundle) {
            this.defaults = defaults;
            this.bundle = bundle;
        }

        private interface Check {
            void check(X509ExtendedTrustManager tm) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.check(bundle);
            } catch (CertificateException notByBundle) {
                try {
                    check.check(defaults.get());
                } catch (CertificateException notByDefault) {
                    notByDefault.addSuppressed(notByBundle);
                    throw notByDefault;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(tm -> tm.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, socket));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(tm -> tm.checkClientTrusted(chain, authType, engine));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509ExtendedTrustManager loaded;
            try {
                loaded = defaults.get();
            } catch (CertificateException e) {
                return bundle.getAcceptedIssuers();
            }
            return Stream.concat(Arrays.stream(loaded.getAcceptedIssuers()), Arrays.stream(bundle.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
