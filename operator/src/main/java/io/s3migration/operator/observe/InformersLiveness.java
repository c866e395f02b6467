package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: every informer (MigrationJobs, Jobs, pods, Secrets, NetworkPolicies, ServiceAccounts) is watching.
 * An informer that lost its watch for good makes the pod restart. (Readiness comes from the Quarkus Operator SDK's
 * own check, which also waits for the operator to start.)
 */
@Liveness
@ApplicationScoped
public class InformersLiveness implements HealthCheck {
    public static final String NAME = "s3migration informers";

    @Inject
    Operator operator;

    @Override
    public HealthCheckResponse call() {
        var info = operator.getRuntimeInfo();
        if (!info.isStarted()) {
            // Not started yet (or waiting for leadership): alive, readiness says the rest.
            return HealthCheckResponse.named(NAME).up().withData("started", false).build();
        }
        // controller name -> its unhealthy informers (controllers with none may still be listed, with an empty map)
        List<String> unhealthy = info.unhealthyInformerWrappingEventSourceHealthIndicator().entrySet().stream()
                .flatMap(controller -> controller.getValue().keySet().stream().map(source -> controller.getKey() + "/" + source))
                .sorted().toList();
        return HealthCheckResponse.named(NAME).status(unhealthy.isEmpty())
                .withData("started", true)
                .withData("unhealthy", String.join(",", unhealthy))
                .build();
    }
}
