package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct path's signer against the SDK's, as the direct path used it before ({@link UnsignedPayloadSigner}). */
class HeaderSignerTest {
    private static final AwsCredentialsIdentity BASIC = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final AwsCredentialsIdentity SESSION = AwsSessionCredentials.create("ASIAEXAMPLE", "c2VjcmV0/+key", "FwoGZXIvYXdzE//token+=");

    @Test
    void signsRandomRequestsExactlyAsTheSdksSigner() {
        Random random = new Random(16);
        for (int i = 0; i < 500; i++) {
            Instant at = Instant.parse("2026-11-30T23:59:58Z").plusMillis(random.nextInt(4000)); // across midnight too
            SdkHttpFullRequest request = randomRequest(random);
            AwsCredentialsIdentity credentials = random.nextBoolean() ? BASIC : SESSION;
            String region = random.nextBoolean() ? "us-east-1" : "eu-central-2";
            SdkHttpFullRequest ours = new HeaderSigner("s3", region, Clock.fixed(at, ZoneOffset.UTC)).sign(request, credentials);
            SdkHttpFullRequest sdks = (SdkHttpFullRequest) sdk(request, credentials, region, at).request();
            assertEquals(headers(sdks), headers(ours), "request " + i + ": " + request);
            assertEquals(sdks.getUri(), ours.getUri());
        }
    }

    @Test
    void oneSignerKeepsUpWithTheClockAndTheKey() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T23:59:59Z"));
        HeaderSigner signer = new HeaderSigner("s3", "us-east-1", clock);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("https")
                .host("s3.example.test").encodedPath("/bucket/a.txt").build();
        List<String> signatures = new ArrayList<>();
        for (Duration step : List.of(Duration.ZERO, Duration.ofMillis(1100), Duration.ofHours(25))) {
            clock.now = clock.now.plus(step);
            for (AwsCredentialsIdentity credentials : List.of(BASIC, AwsBasicCredentials.create("AKIDEXAMPLE", "rotated"))) {
                SdkHttpFullRequest ours = signer.sign(request, credentials);
                assertEquals(headers((SdkHttpFullRequest) sdk(request, credentials, "us-east-1", clock.now).request()),
                        headers(ours), "at " + clock.now);
                signatures.add(ours.firstMatchingHeader("Authorization").orElseThrow());
            }
        }
        assertEquals(signatures.size(), signatures.stream().distinct().count(), "each second, day and key signs differently");
    }

    @Test
    void theBodyIsNeverHashedAndTheSchemeNeverSigned() {
        SdkHttpFullRequest https = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).protocol("https").host("127.0.0.1")
                .port(9000).encodedPath("/b/k").putHeader("Content-Length", "4").build();
        HeaderSigner signer = new HeaderSigner("s3", "us-east-1", Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        SdkHttpFullRequest overHttps = signer.sign(https, BASIC);
        SdkHttpFullRequest overHttp = signer.sign(https.toBuilder().protocol("http").build(), BASIC);
        assertEquals("UNSIGNED-PAYLOAD", overHttp.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        assertEquals(overHttps.firstMatchingHeader("Authorization"), overHttp.firstMatchingHeader("Authorization"));
        assertEquals("127.0.0.1:9000", overHttp.firstMatchingHeader("Host").orElseThrow());
        assertEquals("127.0.0.1", signer.sign(https.toBuilder().port(443).build(), BASIC).firstMatchingHeader("Host").orElseThrow());
        assertEquals("127.0.0.1", signer.sign(https.toBuilder().protocol("http").port(80).build(), BASIC)
                .firstMatchingHeader("Host").orElseThrow());
        assertNotEquals(overHttps.firstMatchingHeader("Authorization"),
                signer.sign(https.toBuilder().putHeader("Content-Length", "5").build(), BASIC).firstMatchingHeader("Authorization"),
                "headers are signed");
    }

    private static SignedRequest sdk(SdkHttpFullRequest request, AwsCredentialsIdentity credentials, String region, Instant at) {
        return new UnsignedPayloadSigner().sign(r -> r.identity(credentials).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    }

    /** What the direct path sends (GET, HEAD, PUT of odd keys, listings with odd parameters), and more. */
    private static SdkHttpFullRequest randomRequest(Random random) {
        SdkHttpMethod method = List.of(SdkHttpMethod.GET, SdkHttpMethod.HEAD, SdkHttpMethod.PUT).get(random.nextInt(3));
        String protocol = random.nextBoolean() ? "https" : "http";
        // not http on 443: UnsignedPayloadSigner signs that as https's default port, without it in Host, which is not
        // the Host header the HTTP client sends for it
        int port = List.of(-1, "https".equals(protocol) ? 443 : 80, 9000, 80).get(random.nextInt(4));
        String base = random.nextBoolean() ? "/bucket" : "";
        String path = random.nextInt(4) == 0 ? (base.isEmpty() ? "/" : base) : base + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(text(random));
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).protocol(protocol)
                .host(random.nextBoolean() ? "127.0.0.1" : "bucket.s3.example.test").encodedPath(path);
        if (port != -1) {
            request.port(port);
        }
        int parameters = random.nextInt(4);
        for (int i = 0; i < parameters; i++) {
            String name = List.of("list-type", "prefix", "start-after", "continuation-token", "x y", "max-keys").get(random.nextInt(6));
            if (random.nextInt(5) == 0) {
                request.appendRawQueryParameter(name, text(random)); // a name twice: values sorted too
            }
            request.appendRawQueryParameter(name, random.nextInt(6) == 0 ? "" : text(random));
        }
        int headers = random.nextInt(6);
        for (int i = 0; i < headers; i++) {
            String name = List.of("Content-Type", "Content-MD5", "x-amz-meta-Name", "Cache-Control", "If-Match", "Range",
                    "User-Agent", "Expect", "x-amz-storage-class", "X-Amz-Tagging").get(random.nextInt(10));
            String value = List.of("  two  spaces ", "a\tb", "plain", "", "\"etag-1\"", "bytes=0-1023").get(random.nextInt(6));
            request.appendHeader(name, value);
        }
        if (method == SdkHttpMethod.PUT) {
            request.putHeader("Content-Length", String.valueOf(random.nextInt(1 << 20)));
        }
        return request.build();
    }

    private static String text(Random random) {
        String alphabet = "abcXYZ019 -_.~+=/&?%*:@!$'()#[]éü日本😀";
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return out.toString();
    }

    private static Map<String, List<String>> headers(SdkHttpFullRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        assertTrue(headers.containsKey("Authorization"), "signed: " + headers);
        return headers;
    }
}
