package io.s3migration.protocol;

/**
 * Why a run (or an object) failed, in the words of the S3 error table users know, each with what to do.
 * The operator copies {@link #name()} into condition reasons and the hint into the status message.
 */
public enum Reason {
    InvalidAccessKeyId("the access key ID is not known to the endpoint: check accessKeyId in the credentials Secret"),
    SignatureDoesNotMatch("the secret access key does not match the access key ID: check secretAccessKey in the credentials Secret"),
    AccessDenied("the credentials are valid but not allowed this operation: grant list/read on the source or write on the destination"),
    NoSuchBucket("the bucket does not exist at this endpoint: check the bucket name, endpoint and region"),
    EmptySource("the source bucket/prefix holds no objects: check the bucket and prefix"),
    WrongRegion("the endpoint expects another region: set region to the bucket's region"),
    ArchivedObject("an object is in an archive storage class or tier and not restored: restore it first, or set onArchivedObject: skip"),
    EndpointUnreachable("the endpoint could not be reached: check the endpoint URL and that it is reachable from the migration nodes"),
    TlsFailure("the TLS handshake with the endpoint failed: check the endpoint's certificate and that it uses https"),
    BlockedAddress("the endpoint resolves to an address the platform does not allow (private, loopback, link-local or metadata)"),
    InvalidInput("the copier's settings are invalid"),
    ObjectsFailed("some objects could not be copied: see failures"),
    VerificationFailed("objects are missing or differ at the destination: see verification"),
    SourceChangedDuringPass("objects were written to the source after the pass started, so the destination differs for"
            + " them only: stop writes to the source and run another pass"),
    Internal("an unexpected error: see the copier log");

    private final String hint;

    Reason(String hint) {
        this.hint = hint;
    }

    /** What happened and what to do, in one sentence, without any object-specific detail. */
    public String hint() {
        return hint;
    }
}
