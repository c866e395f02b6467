package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.Operator;
import io.s3migration.operator.config.OperatorConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Clock;
import java.util.List;

/**
 * Liveness: every informer (MigrationJobs, Jobs, pods, ConfigMaps, NetworkPolicies, ServiceAccounts; Secrets have none, they are read by name) is watching, or
 * has been unhealthy for less than {@code s3migration.health.unhealthy-grace}: an informer re-establishing its watch
 * is briefly unhealthy, one that lost its watch for good makes the pod restart. (Readiness: {@link OperatorReadiness}.)
 */
@Liveness
@ApplicationScoped
public class InformersLiveness implements HealthCheck {
    public static final String NAME = "s3migration informers";

    @Inject
    Operator operator;

    @Inject
    OperatorConfig config;

    private SustainedUnhealthy informers;

    @PostConstruct
    void init() {
        informers = new SustainedUnhealthy(config.health().unhealthyGrace(), Clock.systemUTC());
    }

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
        return informers.check(NAME, unhealthy).withData("started", true).build();
    }
}
