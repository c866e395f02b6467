package io.s3migration.operator.reconcile;

import java.util.Objects;
import io.s3migration.protocol.Summary;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.resources.TenantCredentials;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the decision depends on. {@code job}/{@code pod} describe the Job named in the current status; with
 * {@code parallelism} > 1 {@code shardPods} has the newest pod of each completion index ({@code pod}: a failed one first).
 */
public record Observation(String name, long generation, MigrationJobStatus current, Switches switches,
                          Optional<Refusal> refusal, TenantCredentials.Result credentials, Quotas.Admission admission,
                          JobState job, CopierPodReport pod, int maxFailures, Instant now, int parallelism,
                          Map<Integer, CopierPodReport> shardPods) {

    /** One copy pod (spec.parallelism 1). */
    public Observation(String name, long generation, MigrationJobStatus current, Switches switches, Optional<Refusal> refusal,
                       TenantCredentials.Result credentials, Quotas.Admission admission, JobState job, CopierPodReport pod,
                       int maxFailures, Instant now) {
        this(name, generation, current, switches, refusal, credentials, admission, job, pod, maxFailures, now, 1, Map.of());
    }

    /** The spec switches the machine reads. */
    public record Switches(boolean suspend, boolean cancel, boolean preflightOnly, boolean verifyAfterCopy,
                           CredentialsRetention retention, String manualTrigger, String schedule) {
        public static final Switches NONE = new Switches(false, false, false, CredentialsRetention.DeleteWhenDone);

        /** With the default verification (AfterCopy) and no trigger. */
        public Switches(boolean suspend, boolean cancel, boolean preflightOnly, CredentialsRetention retention) {
            this(suspend, cancel, preflightOnly, true, retention, null, null);
        }

        public Switches withVerifyAfterCopy(boolean value) {
            return new Switches(suspend, cancel, preflightOnly, value, retention, manualTrigger, schedule);
        }

        public Switches withManualTrigger(String value) {
            return new Switches(suspend, cancel, preflightOnly, verifyAfterCopy, retention, value, schedule);
        }

        public Switches withSchedule(String value) {
            return new Switches(suspend, cancel, preflightOnly, verifyAfterCopy, retention, manualTrigger, value);
        }
    }

    /** The reason of a failed run: the copier's, else the Job's, else JobFailed. */
    String failureReason() {
        return pod().summary().map(Summary::reason).map(Enum::name)
                .orElse(job().failureReason() != null ? job().failureReason() : StatusReason.JobFailed.name());
    }

    /** What a failed run says, and where to look when the copier said nothing. */
    String failureMessage() {
        return pod().summary().map(Observation::failureMessage)
                .orElse("Job failed" + (job().failureMessage() != null ? ": " + job().failureMessage() : "")
                        + "; see kubectl logs of its pod " + Objects.toString(pod().podName(), ""));
    }

    /** The copier's own words, then what to do (its error table's hint) when the words do not already say it. */
    static String failureMessage(Summary summary) {
        String message = summary.message() == null || summary.message().isBlank() ? "the copier failed" : summary.message();
        if (summary.reason() != null && !message.contains(summary.reason().hint())) {
            message = message + " (" + summary.reason().hint() + ")";
        }
        return message;
    }
}
