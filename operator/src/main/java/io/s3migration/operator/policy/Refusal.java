package io.s3migration.operator.policy;

import io.s3migration.operator.api.StatusReason;

/**
 * A refusal found before anything runs (the endpoint policy, the name, a NetworkPolicy that would reopen the copy
 * pod's egress): the reason and what to change. Final unless the reason {@link StatusReason#mayPassLater() may pass
 * later} (a host that does not resolve yet): then the MigrationJob waits.
 */
public record Refusal(StatusReason reason, String message) {
    public boolean mayPassLater() {
        return reason.mayPassLater();
    }
}
