package io.s3migration.copier.client;

import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

import java.util.concurrent.CompletableFuture;

/**
 * SigV4 that never hashes the body, also over plain http. Over https the SDK already sends S3 bodies as
 * {@code UNSIGNED-PAYLOAD}; over http it signs every 128 KiB chunk (SHA-256 and an HMAC on the copier and again
 * on the server), which the benchmark profile showed as the largest single cost after the HTTP client. Plain
 * http is only reachable for allowlisted in-cluster storage, and the copier checks the bytes itself: a single
 * PUT carries Content-MD5 (a signed header) or has its ETag compared with the MD5 of what was sent, and every
 * multipart part's ETag is compared with the MD5 of the part.
 *
 * <p>The request is signed as if it went over https on the same port: SigV4 does not sign the scheme, and the
 * Host header comes out the same (port 80 maps to 443, both default ports).
 */
public final class UnsignedPayloadSigner implements AwsV4HttpSigner {
    private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

    /** The auth scheme that puts this signer in place of the SDK's SigV4 signer. */
    public static AwsV4AuthScheme authScheme() {
        AwsV4HttpSigner signer = new UnsignedPayloadSigner();
        return new AwsV4AuthScheme() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public AwsV4HttpSigner signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        if (!"http".equals(http.protocol())) {
            return delegate.sign(request); // over https S3's own auth option already leaves the body unsigned
        }
        int port = http.port();
        SdkHttpRequest asHttps = http.toBuilder().protocol("https").port(port == 80 ? 443 : port).build();
        SignedRequest signed = delegate.sign(request.copy(r -> r.request(asHttps).putProperty(PAYLOAD_SIGNING_ENABLED, false)));
        SdkHttpRequest back = signed.request().toBuilder().protocol("http").port(port).build();
        return signed.copy(s -> s.request(back));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return delegate.signAsync(request); // the copier only uses the sync client
    }
}
