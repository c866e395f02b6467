package io.s3migration.copier.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.net.AddressPolicy;
import io.s3migration.copier.net.PinnedResolver;
import io.s3migration.protocol.Bucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct path against a real HTTP server on 127.0.0.1 that answers as S3 does and records what it was sent. That
 * S3 servers accept it (signatures, listings, keys of every shape) is proven by the S3Proxy and MinIO suites, which run
 * every copy through it; these pin the mapping between S3's wire format and the SDK's model types.
 */
class DirectHotPathTest {
    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** Answers taken one per request, before {@link #answers}: a sequence of them. */
    private final java.util.Queue<Answer> nextAnswers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private HotPath path;

    record Recorded(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        // as a run builds it: the address guard (127.0.0.1 allowed here), its own HTTP client
        PinnedResolver loopbackAllowed = new PinnedResolver(new AddressPolicy(List.of("127.0.0.0/8"), List.of("127.0.0.1"), List.of()));
        path = S3ClientFactory.hotPath(new Bucket(endpoint, null, "bkt", "", true), AwsBasicCredentials.create("AKIDEXAMPLE", "secret"),
                4, loopbackAllowed, null, null);
        assertInstanceOf(DirectHotPath.class, path, "a non-AWS endpoint with a plain bucket name goes direct");
    }

    @AfterEach
    void stop() {
        path.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
        Answer queued = nextAnswers.poll();
        Answer answer = queued != null ? queued : answers.getOrDefault(exchange.getRequestMethod(), new Answer(500, Map.of(), ""));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Test
    void aListingPageIsReadWithKeysUrlDecodedAndTheTokenToGoOn() {
        answers.put("GET", new Answer(200, Map.of("Content-Type", "application/xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>bkt</Name><Prefix>a%2Fb</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
                  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
                  <Contents><Key>a/b/caf%C3%A9+%26+%01ctl</Key><LastModified>2026-11-30T22:55:56.123Z</LastModified>
                    <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>4096</Size>
                    <Owner><ID>x</ID><DisplayName>Key</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>
                  <Contents><Key>a/b/z</Key><LastModified>2026-11-30T22:55:57Z</LastModified><ETag>"e-2"</ETag>
                    <Size>0</Size><StorageClass>GLACIER</StorageClass></Contents>
                  <NextContinuationToken>tok/en+=</NextContinuationToken>
                </ListBucketResult>"""));

        ListObjectsV2Response page = path.listObjectsV2(ListObjectsV2Request.builder().bucket("bkt").prefix("a/b")
                .startAfter("a/b/ä x").continuationToken("prev+/=").maxKeys(2).build());

        assertEquals(2, page.contents().size());
        assertEquals("a/b/café & \u0001ctl", page.contents().get(0).key(), "S3's url encoding-type, decoded as the SDK does");
        assertEquals(4096L, page.contents().get(0).size());
        assertEquals("\"9b2cf535f27731c974343645a3985328\"", page.contents().get(0).eTag());
        assertEquals(Instant.parse("2026-11-30T22:55:56.123Z"), page.contents().get(0).lastModified());
        assertEquals("GLACIER", page.contents().get(1).storageClassAsString());
        assertTrue(page.isTruncated());
        assertEquals("tok/en+=", page.nextContinuationToken());

        Recorded sent = requests.get(0);
        assertEquals("/bkt", sent.rawPath(), "path-style: the bucket in the path, as the SDK sends it");
        assertEquals(Map.of("list-type", "2", "encoding-type", "url", "prefix", "a%2Fb", "start-after", "a%2Fb%2F%C3%A4%20x",
                "continuation-token", "prev%2B%2F%3D", "max-keys", "2"), query(sent.rawQuery()));
        assertTrue(sent.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), sent.header("Authorization"));
        assertTrue(sent.header("Authorization").contains("/us-east-1/s3/aws4_request"), sent.header("Authorization"));
    }

    @Test
    void aDelimiterListingSendsItsDelimiterAndReadsItsFolders() {
        answers.put("GET", new Answer(200, Map.of(), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult><Name>bkt</Name><Prefix>a/</Prefix><Delimiter>/</Delimiter><EncodingType>url</EncodingType>
                  <IsTruncated>false</IsTruncated>
                  <Contents><Key>a/file</Key><Size>1</Size><ETag>"e"</ETag></Contents>
                  <CommonPrefixes><Prefix>a/b%20c/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>a/d/</Prefix></CommonPrefixes>
                </ListBucketResult>"""));

        ListObjectsV2Response page = path.listObjectsV2(ListObjectsV2Request.builder().bucket("bkt").prefix("a/").delimiter("/")
                .maxKeys(1000).build());

        assertEquals(List.of("a/file"), page.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/b c/", "a/d/"), page.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(Map.of("list-type", "2", "encoding-type", "url", "prefix", "a%2F", "delimiter", "%2F", "max-keys", "1000"),
                query(requests.get(0).rawQuery()));
    }

    @Test
    void aGetSendsRangeAndIfMatchAndReadsTheObjectsHeaders() throws IOException {
        answers.put("GET", new Answer(206, Map.of("ETag", "\"abc\"", "Content-Type", "text/plain",
                "Cache-Control", "no-cache", "Content-Disposition", "inline", "Content-Language", "de",
                "Expires", "Tue, 01 Dec 2026 16:00:00 GMT", "x-amz-meta-Owner", "team a", "x-amz-tagging-count", "2",
                "x-amz-server-side-encryption", "aws:kms", "Content-Range", "bytes 0-4/10"), "hello"));

        try (ResponseInputStream<GetObjectResponse> in = path.getObject(GetObjectRequest.builder().bucket("bkt")
                .key("dir/ä b+c//d").range("bytes=0-4").ifMatch("\"abc\"").build())) {
            GetObjectResponse got = in.response();
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("\"abc\"", got.eTag());
            assertEquals(5L, got.contentLength());
            assertEquals("text/plain", got.contentType());
            assertEquals("no-cache", got.cacheControl());
            assertEquals("inline", got.contentDisposition());
            assertEquals("de", got.contentLanguage());
            assertEquals(Instant.parse("2026-12-01T16:00:00Z"), got.expires());
            assertEquals(Map.of("owner", "team a"), lowerKeys(got.metadata()));
            assertEquals(2, got.tagCount());
            assertEquals("aws:kms", got.serverSideEncryptionAsString());
            assertEquals("bytes 0-4/10", got.contentRange());
        }
        Recorded sent = requests.get(0);
        // each segment encoded; "//" goes as "/%2F" (the SDK's HTTP client keeps Apache from collapsing it), as via the SDK
        assertEquals("/bkt/dir/%C3%A4%20b%2Bc/%2Fd", sent.rawPath());
        assertEquals("bytes=0-4", sent.header("Range"));
        assertEquals("\"abc\"", sent.header("If-Match"));
    }

    @Test
    void aHeadReadsTheObjectsETagDateAndUserMetadataAndAMissingObjectIsThe404() {
        answers.put("HEAD", new Answer(200, Map.of("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"",
                "Last-Modified", "Tue, 01 Dec 2026 15:00:00 GMT", "X-Amz-Meta-S3m-Source-Etag", "abc-2"), ""));

        HeadObjectResponse head = path.headObject(HeadObjectRequest.builder().bucket("bkt").key("dir/ä b").build());

        assertEquals("\"d41d8cd98f00b204e9800998ecf8427e\"", head.eTag());
        assertEquals(Instant.parse("2026-12-01T15:00:00Z"), head.lastModified());
        assertEquals(Map.of("s3m-source-etag", "abc-2"), lowerKeys(head.metadata()));
        Recorded sent = requests.get(0);
        assertEquals("HEAD", sent.method());
        assertEquals("/bkt/dir/%C3%A4%20b", sent.rawPath());
        assertTrue(sent.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), sent.header("Authorization"));

        answers.put("HEAD", new Answer(404, Map.of("x-amz-request-id", "R2"), ""));
        S3Exception missing = assertThrows(S3Exception.class,
                () -> path.headObject(HeadObjectRequest.builder().bucket("bkt").key("gone").build()));
        assertEquals(404, missing.statusCode());
        assertTrue(ErrorClassifier.notFound(missing));
        assertEquals(2, requests.size(), "a 404 is not retried");
    }

    @Test
    void aPutCarriesTheBodyAndEveryHeaderItWasGivenUnsigned() {
        answers.put("PUT", new Answer(200, Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\"",
                "x-amz-server-side-encryption", "AES256"), ""));
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse stored = path.putObject(PutObjectRequest.builder().bucket("bkt").key("k 1").contentLength(5L)
                        .contentType("text/plain").contentMD5("XUFAKrxLKna5cZ2REBfFkg==").cacheControl("max-age=60")
                        .contentDisposition("attachment").contentEncoding("identity").contentLanguage("en")
                        .expires(Instant.parse("2026-12-01T16:00:00Z")).metadata(Map.of("owner", "team a"))
                        .storageClass(StorageClass.STANDARD_IA)
                        .tagging(Tagging.builder().tagSet(Tag.builder().key("a b").value("c&d").build()).build()).build(),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), 5, "application/octet-stream"));

        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"", stored.eTag());
        assertEquals("AES256", stored.serverSideEncryptionAsString());
        Recorded sent = requests.get(0);
        assertEquals("/bkt/k%201", sent.rawPath());
        assertEquals("hello", new String(sent.body(), StandardCharsets.UTF_8));
        assertEquals("5", sent.header("Content-Length"));
        assertEquals("text/plain", sent.header("Content-Type"));
        assertEquals("XUFAKrxLKna5cZ2REBfFkg==", sent.header("Content-MD5"));
        assertEquals("max-age=60", sent.header("Cache-Control"));
        assertEquals("attachment", sent.header("Content-Disposition"));
        assertEquals("identity", sent.header("Content-Encoding"));
        assertEquals("en", sent.header("Content-Language"));
        assertEquals("Tue, 01 Dec 2026 16:00:00 GMT", sent.header("Expires"));
        assertEquals("team a", sent.header("x-amz-meta-owner"));
        assertEquals("STANDARD_IA", sent.header("x-amz-storage-class"));
        assertEquals("a%20b=c%26d", sent.header("x-amz-tagging"), "as the SDK encodes a Tagging");
        assertEquals("UNSIGNED-PAYLOAD", sent.header("x-amz-content-sha256"), "the body is never hashed for the signature");
        assertNull(sent.header("Expect"), "no 100-continue round trip");
        assertTrue(sent.header("Authorization").contains("SignedHeaders="), sent.header("Authorization"));
        assertTrue(sent.header("Authorization").contains("content-md5"), "Content-MD5 is signed: " + sent.header("Authorization"));
    }

    @Test
    void aPartGoesToItsUploadWithItsNumberAndReadsTheStoredETag() {
        answers.put("PUT", new Answer(200, Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\"",
                "x-amz-server-side-encryption", "aws:kms"), ""));
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String uploadId = "2~a+b/c=="; // what MinIO's and AWS's IDs may hold: each must reach the server as it was given

        UploadPartResponse stored = path.uploadPart(UploadPartRequest.builder().bucket("bkt").key("big/k 1").uploadId(uploadId)
                        .partNumber(7).contentLength(5L).build(),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), 5, "application/octet-stream"));

        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"", stored.eTag());
        assertEquals("aws:kms", stored.serverSideEncryptionAsString(), "what says whether the ETag is an MD5");
        Recorded sent = requests.get(0);
        assertEquals("PUT", sent.method());
        assertEquals("/bkt/big/k%201", sent.rawPath());
        Map<String, String> query = new java.util.TreeMap<>();
        for (String pair : sent.rawQuery().split("&")) {
            String[] nv = pair.split("=", 2);
            query.put(nv[0], java.net.URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("partNumber", "7", "uploadId", uploadId), query);
        assertEquals("hello", new String(sent.body(), StandardCharsets.UTF_8));
        assertEquals("5", sent.header("Content-Length"));
        assertEquals("UNSIGNED-PAYLOAD", sent.header("x-amz-content-sha256"));
        assertNull(sent.header("Expect"), "no 100-continue round trip");
        assertThrows(IllegalArgumentException.class, () -> path.uploadPart(UploadPartRequest.builder().bucket("bkt").key("k")
                        .uploadId("u").partNumber(1).checksumCRC32("AAAAAA==").build(), RequestBody.fromBytes(body)),
                "a checksum this path would not send is refused");
    }

    @Test
    void aPartWithCrc32cGoesAwsChunkedWithTheChecksumInATrailerAndSignsThatItDoes() {
        answers.put("PUT", new Answer(200, Map.of("ETag", "\"e\""), ""));
        byte[] body = new byte[70_000]; // two chunks
        new java.util.Random(5).nextBytes(body);

        path.uploadPart(UploadPartRequest.builder().bucket("bkt").key("k").uploadId("u").partNumber(1).contentLength((long) body.length)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).build(),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), body.length, "application/octet-stream"));

        Recorded sent = requests.get(0);
        assertEquals("aws-chunked", sent.header("Content-Encoding"));
        assertEquals("70000", sent.header("x-amz-decoded-content-length"));
        assertEquals("x-amz-checksum-crc32c", sent.header("x-amz-trailer"));
        assertEquals("STREAMING-UNSIGNED-PAYLOAD-TRAILER", sent.header("x-amz-content-sha256"));
        assertEquals(Long.toString(TrailingCrc32c.framedLength(body.length)), sent.header("Content-Length"));
        String signed = sent.header("Authorization").replaceAll(".*SignedHeaders=([^,]*),.*", "$1");
        assertTrue(java.util.List.of(signed.split(";")).containsAll(java.util.List.of("content-encoding", "x-amz-content-sha256",
                "x-amz-decoded-content-length", "x-amz-trailer")), signed);
        TrailingCrc32cTest.Decoded decoded = TrailingCrc32cTest.decode(sent.body());
        org.junit.jupiter.api.Assertions.assertArrayEquals(body, decoded.data());
        assertEquals(Map.of("x-amz-checksum-crc32c", TrailingCrc32cTest.crc32c(body)), decoded.trailers());
        assertThrows(IllegalArgumentException.class, () -> path.uploadPart(UploadPartRequest.builder().bucket("bkt").key("k")
                        .uploadId("u").partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256).build(), RequestBody.fromBytes(body)),
                "another algorithm is the SDK client's to send");
        assertThrows(IllegalArgumentException.class, () -> path.putObject(PutObjectRequest.builder().bucket("bkt").key("k")
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).build(), RequestBody.fromBytes(body)),
                "a PUT carries no trailing checksum on this path (DestinationChecksums asks about parts only)");
    }

    @Test
    void aServerChecksTrailingChecksumsWhenItTakesTheRightOneAndRefusesAWrongOne() {
        nextAnswers.add(new Answer(200, Map.of("ETag", "\"e\""), ""));
        nextAnswers.add(new Answer(400, Map.of(), "<Error><Code>BadDigest</Code></Error>"));

        TrailerCheck check = path.checksTrailingCrc32c("k", "u");

        assertTrue(check.checks(), check.answer());
        assertEquals(2, requests.size(), "each part sent once");
        assertEquals(List.of("partNumber=1&uploadId=u", "partNumber=2&uploadId=u"), requests.stream()
                .map(r -> new java.util.TreeMap<>(query(r.rawQuery())).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining("&"))).toList());
        TrailingCrc32cTest.Decoded right = TrailingCrc32cTest.decode(requests.get(0).body());
        TrailingCrc32cTest.Decoded wrong = TrailingCrc32cTest.decode(requests.get(1).body());
        assertEquals(TrailingCrc32cTest.crc32c(right.data()), right.trailers().get("x-amz-checksum-crc32c"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(right.data(), wrong.data());
        assertFalse(TrailingCrc32cTest.crc32c(wrong.data()).equals(wrong.trailers().get("x-amz-checksum-crc32c")));
    }

    @Test
    void aServerThatTakesAWrongChecksumOrRefusesTrailersChecksNothing() {
        nextAnswers.add(new Answer(200, Map.of("ETag", "\"e\""), ""));
        nextAnswers.add(new Answer(200, Map.of("ETag", "\"f\""), ""));
        TrailerCheck takesAnything = path.checksTrailingCrc32c("k", "u");
        assertFalse(takesAnything.checks());
        assertEquals("a part with a wrong trailing CRC32C was taken", takesAnything.answer());

        requests.clear();
        nextAnswers.add(new Answer(501, Map.of(), "<Error><Code>NotImplemented</Code></Error>"));
        TrailerCheck noTrailers = path.checksTrailingCrc32c("k", "u");
        assertFalse(noTrailers.checks());
        assertEquals("a part with a trailing CRC32C was refused (HTTP 501)", noTrailers.answer());
        assertEquals(1, requests.size(), "no wrong one sent where the right one was refused");

        nextAnswers.add(new Answer(200, Map.of("ETag", "\"e\""), ""));
        nextAnswers.add(new Answer(503, Map.of(), "<Error><Code>SlowDown</Code></Error>"));
        TrailerCheck busy = path.checksTrailingCrc32c("k", "u");
        assertFalse(busy.checks(), "a server too busy to answer proved nothing");
        assertEquals("a part with a wrong trailing CRC32C was answered HTTP 503", busy.answer());
    }

    @Test
    void theSdkClientsPutsAndPartsDoNotWaitFor100ContinueEither() {
        answers.put("PUT", new Answer(200, Map.of("ETag", "\"5d41402abc4b2a76b9719d911017c592\""), ""));
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] body = new byte[2 * 1024 * 1024]; // above the 1 MiB where S3's own interceptor would ask for it
        try (var sdk = S3ClientFactory.create(new Bucket(endpoint, null, "bkt", "", true), AwsBasicCredentials.create("a", "b"), 4,
                new PinnedResolver(new AddressPolicy(List.of("127.0.0.0/8"), List.of("127.0.0.1"), List.of())))) {
            sdk.putObject(b -> b.bucket("bkt").key("k"), RequestBody.fromBytes(body));
            sdk.uploadPart(b -> b.bucket("bkt").key("k").uploadId("u").partNumber(1), RequestBody.fromBytes(body));
        }
        assertEquals(2, requests.size());
        for (Recorded sent : requests) {
            assertNull(sent.header("Expect"), "a round trip before every body: " + sent.rawPath() + "?" + sent.rawQuery());
            assertEquals(body.length, sent.body().length);
        }
    }

    @Test
    void anErrorAnswerBecomesTheSdksS3ExceptionWithItsCode() {
        answers.put("GET", new Answer(404, Map.of("x-amz-request-id", "R1"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>"""));
        S3Exception missing = assertThrows(S3Exception.class,
                () -> path.getObject(GetObjectRequest.builder().bucket("bkt").key("k").build()));
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
        assertEquals("The specified key does not exist.", missing.awsErrorDetails().errorMessage());
        assertEquals("R1", missing.requestId());
        assertTrue(ErrorClassifier.notFound(missing));
        assertFalse(ErrorClassifier.classify(missing).transientError());

        answers.put("GET", new Answer(503, Map.of(), "<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>"));
        S3Exception slow = assertThrows(S3Exception.class,
                () -> path.listObjectsV2(ListObjectsV2Request.builder().bucket("bkt").build()));
        assertEquals("SlowDown", slow.awsErrorDetails().errorCode());
        assertTrue(ErrorClassifier.classify(slow).transientError(), "retried like the SDK's own SlowDown");

        answers.put("GET", new Answer(403, Map.of(), "<Error><Code>SignatureDoesNotMatch</Code></Error>"));
        assertTrue(ErrorClassifier.classify(assertThrows(S3Exception.class,
                () -> path.getObject(GetObjectRequest.builder().bucket("bkt").key("k").build()))).fatal());

        answers.put("GET", new Answer(502, Map.of(), "<html>bad gateway</html>"));
        S3Exception proxy = assertThrows(S3Exception.class,
                () -> path.getObject(GetObjectRequest.builder().bucket("bkt").key("k").build()));
        assertNull(proxy.awsErrorDetails().errorCode(), "not an S3 error document: only the status is known");
        assertTrue(ErrorClassifier.classify(proxy).transientError());
    }

    @Test
    void aRequestWithAMemberThisPathDoesNotSendIsRefusedNotSentWithoutIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> path.putObject(
                PutObjectRequest.builder().bucket("bkt").key("k").contentLength(0L).acl(ObjectCannedACL.PUBLIC_READ).build(),
                RequestBody.empty()));
        assertTrue(refused.getMessage().contains("ACL"), refused.getMessage());
        assertTrue(requests.isEmpty(), "nothing was sent");
    }

    @Test
    void awsAndArnBucketsStayOnTheSdkClient() {
        var credentials = AwsBasicCredentials.create("a", "b");
        assertNull(DirectHotPath.forBucket(new Bucket(null, "eu-west-1", "bkt", "", false), "eu-west-1", credentials,
                () -> { throw new AssertionError("no HTTP client is built for AWS"); }));
        assertNull(DirectHotPath.forBucket(new Bucket("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "bkt", "", false),
                "eu-west-1", credentials, () -> { throw new AssertionError("no HTTP client is built for AWS"); }));
        assertNull(DirectHotPath.forBucket(new Bucket("https://minio.local", "us-east-1",
                "arn:aws:s3:us-east-1:123456789012:accesspoint/ap", "", true), "us-east-1", credentials,
                () -> { throw new AssertionError("no HTTP client is built for an ARN"); }));
    }

    @Test
    void theAddressGuardCoversTheDirectPath() {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        try (HotPath guarded = S3ClientFactory.hotPath(new Bucket(endpoint, null, "bkt", "", true),
                AwsBasicCredentials.create("a", "b"), 4, new PinnedResolver(new AddressPolicy(List.of(), List.of(), List.of())),
                null, null)) {
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> guarded.getObject(GetObjectRequest.builder().bucket("bkt").key("k").build()));
            assertEquals(io.s3migration.protocol.Reason.BlockedAddress, ErrorClassifier.classify(refused).reason());
            assertTrue(ErrorClassifier.classify(refused).fatal(), "refused at once, never retried");
        }
        assertTrue(requests.isEmpty(), "nothing reached the loopback server");
    }

    @Test
    void theSdkOnlySwitchSendsEveryRequestThroughTheSdkClient() {
        String before = System.getProperty(S3ClientFactory.SDK_ONLY);
        System.setProperty(S3ClientFactory.SDK_ONLY, "true");
        try {
            HotPath sdk = S3ClientFactory.hotPath(new Bucket("http://127.0.0.1:1", null, "bkt", "", true),
                    AwsBasicCredentials.create("a", "b"), 4, null, null, null);
            assertFalse(sdk instanceof DirectHotPath);
        } finally {
            if (before == null) {
                System.clearProperty(S3ClientFactory.SDK_ONLY);
            } else {
                System.setProperty(S3ClientFactory.SDK_ONLY, before);
            }
        }
    }

    /** With a proxy configured the SDK's HTTP client sends through it; the direct path, which has none, steps aside. */
    @Test
    void aConfiguredProxyKeepsEveryRequestOnTheSdkClient() {
        Bucket bucket = new Bucket("http://127.0.0.1:1", null, "bkt", "", true);
        HotPath direct = S3ClientFactory.hotPath(bucket, AwsBasicCredentials.create("a", "b"), 4, null, null, null);
        direct.close();
        assertInstanceOf(DirectHotPath.class, direct, "no proxy here: the direct path");
        String before = System.getProperty("http.proxyHost");
        System.setProperty("http.proxyHost", "proxy.example.test");
        try {
            assertTrue(DirectHotPath.proxyConfigured());
            assertFalse(S3ClientFactory.hotPath(bucket, AwsBasicCredentials.create("a", "b"), 4, null, null, null)
                    instanceof DirectHotPath);
        } finally {
            if (before == null) {
                System.clearProperty("http.proxyHost");
            } else {
                System.setProperty("http.proxyHost", before);
            }
        }
    }

    @Test
    void virtualHostedAddressingPutsTheBucketInTheHostName() {
        String[] built = new String[1];
        HotPath virtual = DirectHotPath.forBucket(new Bucket("https://storage.example.test:8443", "us-east-1", "bkt", "", false),
                "us-east-1", AwsBasicCredentials.create("a", "b"), () -> {
                    built[0] = "yes";
                    return DirectHttp.create(4, null, null);
                });
        try {
            assertInstanceOf(DirectHotPath.class, virtual);
            assertEquals("yes", built[0]);
            assertEquals("https://bkt.storage.example.test:8443", ((DirectHotPath) virtual).bucketUrl().toString());
        } finally {
            virtual.close();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.TreeMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return q;
    }

    private static Map<String, String> lowerKeys(Map<String, String> m) {
        Map<String, String> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }
}
