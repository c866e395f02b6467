package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class UnsignedPayloadSignerTest {
    private static final AwsCredentialsIdentity CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final byte[] BODY = "four KiB of data, or so".getBytes(StandardCharsets.UTF_8);

    @Test
    void plainHttpPutCarriesUnsignedPayloadAndTheSignatureHttpsWouldGet() {
        SignedRequest http = sign(new UnsignedPayloadSigner(), "http", 9000);
        SignedRequest https = sign(AwsV4HttpSigner.create(), "https", 9000);

        assertEquals("UNSIGNED-PAYLOAD", header(http, "x-amz-content-sha256"), "no SHA-256 of the body over http");
        assertEquals(header(https, "Authorization"), header(http, "Authorization"),
                "SigV4 does not sign the scheme: the same request over https gets the same signature");
        assertEquals("http", http.request().protocol());
        assertEquals(9000, http.request().port());
        assertEquals("127.0.0.1:9000", header(http, "Host"));
    }

    @Test
    void theSdkAloneSignsTheBodyInChunksOverHttp() {
        // the cost the signer removes: proves the test above would notice the SDK's own behaviour
        SignedRequest sdk = sign(AwsV4HttpSigner.create(), "http", 9000);
        assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", header(sdk, "x-amz-content-sha256"));
    }

    @Test
    void defaultPortKeepsAHostHeaderWithoutPort() {
        SignedRequest http = sign(new UnsignedPayloadSigner(), "http", 80);
        assertEquals("127.0.0.1", header(http, "Host"), "http on 80 is signed as https on 443: both default ports");
        assertEquals(80, http.request().port());
        assertNotEquals(header(sign(new UnsignedPayloadSigner(), "http", 8080), "Authorization"), header(http, "Authorization"));
    }

    private static SignedRequest sign(HttpSigner<AwsCredentialsIdentity> signer, String protocol, int port) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol(protocol).host("127.0.0.1")
                .port(port).encodedPath("/bucket/key.bin").putHeader("Content-Length", String.valueOf(BODY.length))
                .putHeader("Content-MD5", "bm90IGEgcmVhbCBtZDU=").build();
        ContentStreamProvider payload = () -> new ByteArrayInputStream(BODY);
        return signer.sign(r -> r.identity(CREDENTIALS).request(request).payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK));
    }

    private static String header(SignedRequest signed, String name) {
        return signed.request().firstMatchingHeader(name).orElse(null);
    }
}
