package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * kstatus-compatible conditions: {@code Ready}, {@code Reconciling}, {@code Stalled}, plus {@code Complete}
 * {@code Failed}, {@code PreflightPassed} (the pre-flight check) and {@code Consistent} (the post-copy verification).
 * A condition keeps its lastTransitionTime while its status does not change.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String PREFLIGHT_PASSED = "PreflightPassed";
    public static final String CONSISTENT = "Consistent";

    private Conditions() {
    }

    /** {@code existing} with {@code type} set (replaced or appended, order kept). */
    public static List<Condition> put(List<Condition> existing, String type, boolean status, String reason,
                                      String message, Long generation, String now) {
        String statusText = status ? "True" : "False";
        List<Condition> result = new ArrayList<>();
        boolean replaced = false;
        for (Condition c : existing) {
            if (type.equals(c.getType())) {
                String since = statusText.equals(c.getStatus()) && c.getLastTransitionTime() != null ? c.getLastTransitionTime() : now;
                result.add(condition(type, statusText, reason, message, generation, since));
                replaced = true;
            } else {
                result.add(c);
            }
        }
        if (!replaced) {
            result.add(condition(type, statusText, reason, message, generation, now));
        }
        return result;
    }

    public static List<Condition> without(List<Condition> existing, String type) {
        return existing.stream().filter(c -> !type.equals(c.getType())).toList();
    }

    public static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Condition condition(String type, String status, String reason, String message, Long generation, String since) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }
}
