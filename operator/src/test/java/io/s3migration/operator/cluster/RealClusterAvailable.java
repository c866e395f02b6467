package io.s3migration.operator.cluster;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/** Skips the real-cluster tier, printing why, where no test cluster runs (see .ci/cluster/). */
public class RealClusterAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = RealCluster.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("SKIPPED " + context.getDisplayName() + " (real-cluster tier): " + reason.get());
            return ConditionEvaluationResult.disabled("real-cluster tier skipped: " + reason.get());
        }
        return ConditionEvaluationResult.enabled("a test cluster runs at " + RealCluster.DIR);
    }
}
