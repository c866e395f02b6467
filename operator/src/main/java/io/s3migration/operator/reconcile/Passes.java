package io.s3migration.operator.reconcile;

import io.s3migration.operator.schedule.Cron;
import io.s3migration.operator.reconcile.Decision.Event;
import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.schedule.Cron;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * After a pass ended (Succeeded, Failed, Cancelled), pure: another pass when the manual trigger changed or the schedule
 * is due, else done until then, with the credentials purged when no pass can follow.
 */
final class Passes {
    private Passes() {
    }

    /**
     * Succeeded, Failed or Cancelled: a new manual trigger, else a scheduled time that has come, starts another pass
     * (never on a Cancelled one); otherwise done until then.
     */
    static Decision finished(Step step) {
        Observation o = step.o;
        MigrationJobStatus current = step.current;
        String trigger = o.switches().manualTrigger();
        String schedule = o.switches().schedule();
        if (!o.switches().cancel() && current.passRequested(trigger)) {
            return newPass(step, "spec.trigger.manual: " + trigger, trigger);
        }
        step.next = current.toBuilder().observedGeneration(o.generation()).build();
        // Done until a trigger: only make sure the credentials copy is gone (idempotent after a restart).
        step.deleteCredentials = true;
        if (schedule != null && current.phase() != Phase.Cancelled && !o.switches().cancel()) {
            Optional<String> problem = Cron.problem(schedule);
            if (problem.isPresent()) {
                // Validated by the CRD too; one that got past it (an older CRD) runs no pass and says why.
                String message = "spec.trigger.schedule is not a valid cron expression (" + problem.get() + "): no scheduled pass";
                if (!message.equals(current.message())) {
                    step.next = step.next.toBuilder().message(message).build();
                    step.events.add(new Event(true, StatusReason.InvalidSchedule, message));
                }
                return step.decision();
            }
            Optional<Instant> due = ScheduledPass.due(schedule, current, o.now());
            if (due.isPresent() && !o.now().isBefore(due.get())) {
                step.deleteCredentials = false;
                return newPass(step, "spec.trigger.schedule: " + schedule + ", due " + due.get(), current.lastManualTrigger());
            }
            return step.decision();
        }
        if (current.nextSyncTime() != null) {
            // The schedule was removed (or cancel set) after the last pass ended: that pass was the last, the credentials
            // may go now.
            step.deleteTenantSecrets = o.switches().retention() == CredentialsRetention.DeleteWhenDone
                    && current.finished(trigger, null);
        }
        return step.decision();
    }

    /**
     * A finished (Succeeded or Failed) MigrationJob whose spec.trigger.manual has a new value, or whose schedule's time
     * has come ({@code trigger}: the manual value this pass runs for, unchanged for a scheduled one): another pass from the
     * start (pre-flight, copy, verification), admitted like a new migration. The copy is incremental because the copier
     * skips what is already at the destination; the previous pass's Jobs stay until their TTL, for their logs.
     */
    private static Decision newPass(Step s, String cause, String trigger) {
        int pass = s.current.passes() + 1;
        List<Condition> c = s.current.conditions();
        // What the previous pass concluded must not answer for this one (kubectl wait --for=condition=Consistent).
        for (String type : List.of(Conditions.PREFLIGHT_PASSED, Conditions.CONSISTENT, Conditions.COMPLETE, Conditions.FAILED)) {
            c = Conditions.without(c, type);
        }
        s.next = s.current.toBuilder().conditions(c).pass(pass).lastManualTrigger(trigger).jobName(null).progress(null)
                .checkpoint(null).failures(null).report(null).logTail(null).completionTime(null).passStartTime(null).build();
        String message = "Pass " + pass + " (" + cause + "): pre-flight, then a copy of what is new or"
                + " changed since the last pass, then verification";
        boolean manual = cause.startsWith("spec.trigger.manual");
        return s.enter(Phase.Pending, Health.PROGRESSING, manual ? StatusReason.PassTriggered : StatusReason.PassScheduled, message)
                .decision();
    }
}
