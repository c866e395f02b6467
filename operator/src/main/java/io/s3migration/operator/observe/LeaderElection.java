package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Several operator replicas may run; only the holder of this Lease (in the operator's namespace) reconciles.
 * The Quarkus Operator SDK activates it in the prod profile ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
 * JOSDK must not exit the JVM itself when leadership ends ({@code exitOnStopLeading=false}): {@link Leadership}
 * releases the Lease and decides whether to leave.
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {
    public static final String LEASE = "s3migration-operator-lease";

    @Inject
    public LeaderElection(Leadership leadership) {
        super(LEASE, null, LEASE_DURATION_DEFAULT_VALUE, RENEW_DEADLINE_DEFAULT_VALUE, RETRY_PERIOD_DEFAULT_VALUE,
                leadership.identity(), leadership.callbacks(), false);
    }
}
