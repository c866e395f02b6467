package io.s3migration.copier.errors;

import io.s3migration.copier.net.BlockedAddressException;
import io.s3migration.copier.side.Side;
import io.s3migration.protocol.Reason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;

import static io.s3migration.protocol.CopierSettings.CA_BUNDLE;

/** Maps SDK and network errors to the user-facing error table ({@link Reason}). Pure. */
public final class ErrorClassifier {
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeTooSkewed", "PreconditionFailed",
            "OperationAborted", "BadDigest", "IncompleteBody");

    private static final Set<String> TLS_SETUP_WORDS = Set.of("pkix", "certificate", "unrecognized ssl message",
            "protocol_version", "handshake_failure", "no appropriate protocol", "no subject alternative");

    /** A {@link Reason#TlsFailure} whose certificate chain ends at no CA the copier trusts: what to do about it. */
    public static final String UNTRUSTED_CERTIFICATE = "the TLS handshake failed: the endpoint's certificate is not"
            + " signed by a CA the copier trusts (a private CA, or self-signed): set " + CA_BUNDLE.variable()
            + " to a PEM file of that CA's certificate (trusted in addition to the default CAs), or check that the"
            + " endpoint is the one meant";

    private ErrorClassifier() {
    }

    /** The server's certificate chain could not be built to, or validated against, a trusted CA. */
    private static boolean untrustedCertificate(Throwable t) {
        if (find(t, CertPathBuilderException.class) != null || find(t, CertPathValidatorException.class) != null) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("pkix path")) {
                return true;
            }
        }
        return false;
    }

    public static Classified classify(Throwable error) {
        Side side = null;
        Throwable t = error;
        if (t instanceof SideFailure sf) {
            side = sf.side();
            t = sf.getCause();
        }
        String where = side == null ? "" : side.label() + ": ";
        if (t instanceof FatalError fe) {
            return new Classified(fe.reason(), true, false, fe.getMessage());
        }
        BlockedAddressException blocked = find(t, BlockedAddressException.class);
        if (blocked != null) {
            return fatal(Reason.BlockedAddress, where + blocked.getMessage() + ": " + Reason.BlockedAddress.hint());
        }
        if (t instanceof IntegrityMismatch) {
            return new Classified(null, false, true, where + t.getMessage());
        }
        if (t instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return classifyService(s, side, where);
        }
        if (t instanceof AwsServiceException s) {
            return byStatus(s.statusCode(), where + s.getMessage());
        }
        SSLException tls = find(t, SSLException.class);
        if (tls != null && untrustedCertificate(t)) {
            return fatal(Reason.TlsFailure, where + UNTRUSTED_CERTIFICATE + " (" + rootMessage(t) + ")");
        }
        if (tls != null && tlsSetupProblem(t, tls)) {
            return fatal(Reason.TlsFailure, where + Reason.TlsFailure.hint() + " (" + rootMessage(t) + ")");
        }
        if (tls != null) {
            // a connection dropped during or after the handshake: as transient as any other reset
            return new Classified(null, false, true, where + rootMessage(t));
        }
        if (find(t, UnknownHostException.class) != null || find(t, ConnectException.class) != null
                || find(t, NoRouteToHostException.class) != null) {
            // transient for one object (a server restart); fatal when the listing itself cannot connect
            return new Classified(Reason.EndpointUnreachable, false, true,
                    where + Reason.EndpointUnreachable.hint() + " (" + rootMessage(t) + ")");
        }
        if (t instanceof ApiCallTimeoutException || find(t, IOException.class) != null || t instanceof SdkClientException) {
            return new Classified(null, false, true, where + rootMessage(t));
        }
        return new Classified(Reason.Internal, false, false, where + rootMessage(t));
    }

    /** Whether the server answered 404: the object (or bucket) is not there. */
    public static boolean notFound(Throwable error) {
        AwsServiceException s = find(error, AwsServiceException.class);
        return s != null && s.statusCode() == 404;
    }

    /** A certificate, protocol or plain-http problem that every retry would meet again, not a dropped connection. */
    private static boolean tlsSetupProblem(Throwable t, SSLException tls) {
        if (find(t, CertificateException.class) != null || find(t, SSLPeerUnverifiedException.class) != null) {
            return true;
        }
        String message = tls.getMessage() == null ? "" : tls.getMessage().toLowerCase(java.util.Locale.ROOT);
        return TLS_SETUP_WORDS.stream().anyMatch(message::contains);
    }

    private static Classified classifyService(AwsServiceException s, Side side, String where) {
        String code = s.awsErrorDetails().errorCode();
        String serverMessage = s.awsErrorDetails().errorMessage();
        String credentials = side == null ? "" : " (files " + side.accessKeyFile() + " / " + side.secretKeyFile() + ")";
        if (code == null) {
            return byStatus(s.statusCode(), where + "HTTP " + s.statusCode());
        }
        switch (code) {
            case "InvalidAccessKeyId", "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity" -> {
                return fatal(Reason.InvalidAccessKeyId, where + code + ": " + Reason.InvalidAccessKeyId.hint() + credentials);
            }
            case "SignatureDoesNotMatch" -> {
                return fatal(Reason.SignatureDoesNotMatch, where + code + ": " + Reason.SignatureDoesNotMatch.hint() + credentials);
            }
            case "AccessDenied", "AllAccessDisabled", "AccountProblem" -> {
                return fatal(Reason.AccessDenied, where + code + ": " + Reason.AccessDenied.hint());
            }
            case "NoSuchBucket" -> {
                return fatal(Reason.NoSuchBucket, where + code + ": " + Reason.NoSuchBucket.hint());
            }
            case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException" -> {
                return fatal(Reason.WrongRegion, where + code + ": " + Reason.WrongRegion.hint()
                        + (serverMessage == null ? "" : " (" + serverMessage + ")"));
            }
            default -> {
                if (TRANSIENT_CODES.contains(code) || s.statusCode() >= 500 || s.statusCode() == 429) {
                    return new Classified(null, false, true, where + code + " (HTTP " + s.statusCode() + ")");
                }
                return new Classified(null, false, false, where + code + ": " + (serverMessage == null ? "HTTP " + s.statusCode() : serverMessage));
            }
        }
    }

    private static Classified byStatus(int status, String detail) {
        if (status == 403) {
            return fatal(Reason.AccessDenied, detail + ": " + Reason.AccessDenied.hint());
        }
        return new Classified(null, false, status >= 500 || status == 429, detail);
    }

    private static Classified fatal(Reason reason, String message) {
        return new Classified(reason, true, false, message);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
