package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Several operator replicas may run; only the holder of this Lease (in the operator's namespace) reconciles.
 * The Quarkus Operator SDK activates it in the prod profile ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {
    public static final String LEASE = "s3migration-operator-lease";

    public LeaderElection() {
        super(LEASE);
    }
}
