package io.s3migration.operator.policy;

/** Why the endpoint policy refused an endpoint; the name is the condition reason users see. */
public enum PolicyReason {
    /** The endpoint is not a usable URL: the user must rewrite it. */
    InvalidEndpoint,
    /** The endpoint is a valid URL, but the platform's policy forbids it. */
    EndpointNotAllowed,
    /**
     * The endpoint's host does not resolve right now: a typo, or a DNS outage that will pass. Not final: the
     * MigrationJob waits in Pending and the check runs again at every poll.
     */
    EndpointUnresolved;

    /** Whether the same spec can pass later without anyone changing it. */
    public boolean mayPassLater() {
        return this == EndpointUnresolved;
    }
}
