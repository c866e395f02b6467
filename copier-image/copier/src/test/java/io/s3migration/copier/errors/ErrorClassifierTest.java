package io.s3migration.copier.errors;

import io.s3migration.copier.net.BlockedAddressException;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.net.ssl.SSLHandshakeException;
import java.util.List;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorClassifierTest {
    static S3Exception s3(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("server says " + code).build())
                .message(code).build();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} fatal={3} transient={4}")
    @CsvSource({
            "InvalidAccessKeyId, 403, InvalidAccessKeyId, true, false",
            "SignatureDoesNotMatch, 403, SignatureDoesNotMatch, true, false",
            "ExpiredToken, 400, InvalidAccessKeyId, true, false",
            "AccessDenied, 403, AccessDenied, true, false",
            "NoSuchBucket, 404, NoSuchBucket, true, false",
            "AuthorizationHeaderMalformed, 400, WrongRegion, true, false",
            "PermanentRedirect, 301, WrongRegion, true, false",
            "SlowDown, 503, , false, true",
            "InternalError, 500, , false, true",
            "ServiceUnavailable, 503, , false, true",
            "TooManyRequests, 429, , false, true",
            "BadDigest, 400, , false, true",
            "NoSuchKey, 404, , false, false",
            "InvalidArgument, 400, , false, false"})
    void mapsServiceErrorsToTheTable(String code, int status, Reason reason, boolean fatal, boolean transientError) {
        Classified c = ErrorClassifier.classify(new SideFailure(Side.SOURCE, s3(code, status)));
        assertEquals(reason, c.reason());
        assertEquals(fatal, c.fatal());
        assertEquals(transientError, c.transientError());
        assertTrue(c.detail().startsWith("source: "), c.detail());
    }

    @Test
    void credentialErrorsNameTheSideAndItsFiles() {
        Classified c = ErrorClassifier.classify(new SideFailure(Side.DESTINATION, s3("SignatureDoesNotMatch", 403)));
        assertTrue(c.detail().contains("destination-secret-access-key"), c.detail());
        assertTrue(c.detail().startsWith("destination: SignatureDoesNotMatch"), c.detail());
    }

    @Test
    void anUntrustedCertificateNamesTheCaBundleSetting() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path");
        untrusted.initCause(new java.security.cert.CertPathBuilderException("unable to find valid certification path"));
        Classified c = ErrorClassifier.classify(new SideFailure(Side.DESTINATION, SdkClientException.create("x", untrusted)));
        assertEquals(Reason.TlsFailure, c.reason());
        assertTrue(c.fatal());
        assertTrue(c.detail().startsWith("destination: "), c.detail());
        assertTrue(c.detail().contains("S3M_CA_BUNDLE"), c.detail());
        Classified wrongName = ErrorClassifier.classify(SdkClientException.create("x",
                new javax.net.ssl.SSLPeerUnverifiedException("Certificate for <a> doesn't match any of the subject alternative names")));
        assertEquals(Reason.TlsFailure, wrongName.reason());
        assertFalse(wrongName.detail().contains("S3M_CA_BUNDLE"), "a host name mismatch is no missing CA: " + wrongName.detail());
    }

    @Test
    void networkErrors() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
        for (Throwable setup : List.of(untrusted, new SSLHandshakeException("Received fatal alert: bad_certificate"),
                new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"),
                new javax.net.ssl.SSLPeerUnverifiedException("peer not authenticated"))) {
            Classified tls = ErrorClassifier.classify(SdkClientException.create("x", setup));
            assertEquals(Reason.TlsFailure, tls.reason(), setup.toString());
            assertTrue(tls.fatal(), setup.toString());
        }
        for (Throwable dropped : List.of(new SSLHandshakeException("Remote host terminated the handshake"),
                new javax.net.ssl.SSLException("Connection reset"))) {
            Classified tls = ErrorClassifier.classify(SdkClientException.create("x", dropped));
            assertFalse(tls.fatal(), dropped.toString());
            assertTrue(tls.transientError(), "retried like any dropped connection: " + dropped);
        }
        Classified refused = ErrorClassifier.classify(SdkClientException.create("x", new ConnectException("refused")));
        assertEquals(Reason.EndpointUnreachable, refused.reason());
        assertTrue(refused.transientError());
        Classified reset = ErrorClassifier.classify(new UncheckedIOException(new SocketException("Connection reset")));
        assertTrue(reset.transientError());
        assertFalse(reset.fatal());
        Classified blocked = ErrorClassifier.classify(SdkClientException.create("x", new BlockedAddressException("10.0.0.1 is private")));
        assertEquals(Reason.BlockedAddress, blocked.reason());
        assertTrue(blocked.fatal());
        Classified mismatch = ErrorClassifier.classify(new IntegrityMismatch("part 1"));
        assertTrue(mismatch.transientError());
        assertNull(mismatch.reason());
    }
}
