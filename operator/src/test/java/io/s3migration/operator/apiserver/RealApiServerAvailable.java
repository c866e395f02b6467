package io.s3migration.operator.apiserver;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a Quarkus test class before Quarkus boots when the real-API-server binaries are absent (an Assumption in a
 * test method would come too late: the test resource that starts the server would already have failed the boot).
 */
public class RealApiServerAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = RealApiServer.unavailableReason();
        if (missing.isPresent()) {
            System.out.println("SKIPPED " + context.getDisplayName() + " (real-API-server tier): " + missing.get());
            return ConditionEvaluationResult.disabled("real-API-server tier skipped: " + missing.get());
        }
        return ConditionEvaluationResult.enabled("kube-apiserver, etcd and kubectl are in " + RealApiServer.binaryDir());
    }
}
