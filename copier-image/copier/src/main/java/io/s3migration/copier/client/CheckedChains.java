package io.s3migration.copier.client;

import javax.net.ssl.X509TrustManager;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A trust manager whose acceptances are remembered per chain for a while. At the start of a run 64 workers open ~130
 * TLS connections to the same two servers at once, each presenting the same chain, and the JDK's check of a chain
 * (path building and signature verification in Java, still interpreted that early) costs milliseconds of CPU. Here
 * the first connection checks a chain and the others wait for its verdict.
 * <p>
 * The verdict is the delegate's, unchanged: only acceptances are kept, for {@link #REMEMBERED} and while every
 * certificate of the chain is within its validity (the JDK checks no revocation unless
 * {@code com.sun.net.ssl.checkRevocation} is set, and then nothing is remembered), so time is the only input that
 * could change it. A refused chain is checked again at every connection. Host names are still checked per connection,
 * by the HTTP client.
 */
final class CheckedChains implements X509TrustManager {
    static final Duration REMEMBERED = Duration.ofMinutes(10);
    /** A run talks to two endpoints; more chains than this means rotation, not reuse: start over. */
    static final int MOST_CHAINS = 32;

    private final X509TrustManager delegate;
    private final Clock clock;
    private final boolean revocationChecked;
    private final ConcurrentHashMap<Chain, Verdict> accepted = new ConcurrentHashMap<>();

    CheckedChains(X509TrustManager delegate, Clock clock) {
        this(delegate, clock, Boolean.getBoolean("com.sun.net.ssl.checkRevocation"));
    }

    CheckedChains(X509TrustManager delegate, Clock clock, boolean revocationChecked) {
        this.delegate = delegate;
        this.clock = clock;
        this.revocationChecked = revocationChecked;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (revocationChecked) {
            delegate.checkServerTrusted(chain, authType);
            return;
        }
        Chain key = Chain.of(chain, authType);
        Instant now = clock.instant();
        Verdict verdict = accepted.get(key);
        if (verdict != null && !verdict.holdsAt(now, chain)) {
            accepted.remove(key, verdict);
            verdict = null;
        }
        if (verdict == null) {
            Verdict mine = new Verdict(now.plus(REMEMBERED), new FutureTask<>(() -> {
                delegate.checkServerTrusted(chain, authType);
                return null;
            }));
            if (accepted.size() >= MOST_CHAINS) {
                accepted.clear();
            }
            verdict = accepted.putIfAbsent(key, mine);
            if (verdict == null) {
                verdict = mine;
                mine.check.run();
            }
        }
        try {
            verdict.check.get();
        } catch (ExecutionException e) {
            accepted.remove(key, verdict); // refusals are not remembered
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertificateException("interrupted while another connection checked the same certificate chain");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType); // the copier is never a TLS server: nothing to remember
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private static CertificateException rethrown(Throwable cause) {
        if (cause instanceof CertificateException c) {
            return c;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CertificateException(cause);
    }

    /** The delegate's check of one chain, run by the first connection that presented it. */
    private record Verdict(Instant until, FutureTask<Void> check) {
        boolean holdsAt(Instant now, X509Certificate[] chain) {
            if (now.isAfter(until)) {
                return false;
            }
            Date date = Date.from(now);
            for (X509Certificate certificate : chain) {
                try {
                    certificate.checkValidity(date);
                } catch (CertificateException e) {
                    return false; // expired (or not yet valid): the delegate says so, with its own message
                }
            }
            return true;
        }
    }

    /** A chain by its certificates' bytes, and the auth type it was checked for (key usage depends on it). */
    private record Chain(String authType, List<ByteBuffer> certificates) {
        static Chain of(X509Certificate[] chain, String authType) throws CertificateException {
            List<ByteBuffer> encoded = new ArrayList<>(chain.length);
            for (X509Certificate certificate : chain) {
                encoded.add(ByteBuffer.wrap(certificate.getEncoded()));
            }
            return new Chain(authType, encoded);
        }
    }
}
