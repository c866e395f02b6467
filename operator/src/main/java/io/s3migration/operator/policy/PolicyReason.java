package io.s3migration.operator.policy;

/** Why the endpoint policy refused an endpoint; the name is the condition reason users see. */
public enum PolicyReason {
    /** The endpoint is not a usable URL: the user must rewrite it. */
    InvalidEndpoint,
    /** The endpoint is a valid URL, but the platform's policy forbids it. */
    EndpointNotAllowed
}
