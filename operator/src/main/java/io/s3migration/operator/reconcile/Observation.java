package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.resources.TenantCredentials;
import java.time.Instant;
import java.util.Optional;

/** Everything the decision depends on. {@code job}/{@code pod} describe the Job named in the current status. */
public record Observation(String name, long generation, MigrationJobStatus current, Switches switches,
                          Optional<Refusal> refusal, TenantCredentials.Result credentials, Quotas.Admission admission,
                          JobState job, CopierPodReport pod, int maxFailures, Instant now) {

    /** The spec switches the machine reads. */
    public record Switches(boolean suspend, boolean cancel, boolean preflightOnly, boolean verifyAfterCopy,
                           CredentialsRetention retention, String manualTrigger) {
        public static final Switches NONE = new Switches(false, false, false, CredentialsRetention.DeleteWhenDone);

        /** With the default verification (AfterCopy) and no trigger. */
        public Switches(boolean suspend, boolean cancel, boolean preflightOnly, CredentialsRetention retention) {
            this(suspend, cancel, preflightOnly, true, retention, null);
        }

        public Switches withVerifyAfterCopy(boolean value) {
            return new Switches(suspend, cancel, preflightOnly, value, retention, manualTrigger);
        }

        public Switches withManualTrigger(String value) {
            return new Switches(suspend, cancel, preflightOnly, verifyAfterCopy, retention, value);
        }
    }
}
