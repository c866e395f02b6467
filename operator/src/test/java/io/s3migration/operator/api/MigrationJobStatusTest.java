package io.s3migration.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** status.reason, the Reason column: the Ready condition's reason, derived, so the two cannot disagree. */
class MigrationJobStatusTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void reasonIsTheReadyConditionsReason() {
        assertNull(MigrationJobStatus.EMPTY.reason(), "no conditions yet: no reason");
        MigrationJobStatus waiting = MigrationJobStatus.EMPTY.withConditions(List.of(
                condition("Reconciling", "False", "SecretNotFound"),
                condition("Ready", "False", "SecretNotFound"),
                condition("Stalled", "True", "SecretNotFound")));
        assertEquals("SecretNotFound", waiting.reason());
        MigrationJobStatus done = MigrationJobStatus.EMPTY.withConditions(List.of(condition("Ready", "True", "PreflightOnly")));
        assertEquals("PreflightOnly", done.reason());
    }

    @Test
    void reasonIsWrittenAndNotReadBack() {
        MigrationJobStatus queued = MigrationJobStatus.EMPTY.withConditions(List.of(condition("Ready", "False", "QuotaExceeded")));
        Map<?, ?> written = JSON.convertValue(queued, Map.class);
        assertEquals("QuotaExceeded", written.get("reason"));

        // A stale or hand-written reason does not survive: the conditions decide.
        String stale = "{\"reason\":\"Copying\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"QuotaExceeded\"}]}";
        assertEquals("QuotaExceeded", JSON.unmarshal(stale, MigrationJobStatus.class).reason());
        assertFalse(JSON.convertValue(MigrationJobStatus.EMPTY, Map.class).containsKey("reason"), "absent while unknown");
    }

    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("m").build();
    }
}
