package io.javaoperatorsdk.operator;

import io.javaoperatorsdk.operator.api.config.ConfigurationService;

/**
 * Test access to JOSDK's own leader election, exactly as its Operator runs it, without registering a controller: a
 * Reconciler in the test sources would be picked up by the Quarkus Operator SDK as a controller of every Quarkus test.
 */
public final class LeaderElectionManagers {
    private LeaderElectionManagers() {
    }

    public static LeaderElectionManager of(ConfigurationService configuration) {
        return new LeaderElectionManager(new ControllerManager(configuration.getExecutorServiceManager()), configuration);
    }
}
