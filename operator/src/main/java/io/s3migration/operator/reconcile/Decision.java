package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.CheckpointCounts;
import java.util.List;
import java.util.Optional;

/**
 * The next status and what to do: (re)apply the owned resources (Secret, NetworkPolicy, ServiceAccount) and
 * create {@code create} if absent; delete or suspend Jobs; delete the operator's credentials copy and, with
 * DeleteWhenDone, the tenant's Secrets; the Events of this step.
 */
public record Decision(MigrationJobStatus status, boolean applyResources, Optional<JobToCreate> create,
                       List<String> deleteJobs, Optional<String> suspendJob, boolean deleteCredentials,
                       boolean deleteTenantSecrets, List<Event> events) {
    public boolean terminal() {
        return status.phase() != null && status.phase().isTerminal();
    }

    public Decision withStatus(MigrationJobStatus newStatus) {
        return new Decision(newStatus, applyResources, create, deleteJobs, suspendJob, deleteCredentials, deleteTenantSecrets, events);
    }

    /** The mode of the Job the applied resources serve: the one created, else the phase's. */
    public Mode runMode() {
        return create.map(JobToCreate::mode).orElse(switch (status.phase() == null ? Phase.Pending : status.phase()) {
            case Preflight -> Mode.PREFLIGHT;
            case Verifying -> Mode.VERIFY;
            default -> Mode.COPY;
        });
    }

    /**
     * A copier Job to create (create-only: an existing Job of that name is left as it is); a copy that resumes after
     * {@code checkpoint} counts on from {@code countsBefore}.
     */
    public record JobToCreate(String name, Mode mode, String checkpoint, CheckpointCounts countsBefore) {
    }

    /** A Kubernetes Event to emit. */
    public record Event(boolean warning, String reason, String message) {
        public Event(boolean warning, StatusReason reason, String message) {
            this(warning, reason.name(), message);
        }
    }
}
