package io.s3migration.operator.observe;

import io.javaoperatorsdk.operator.Operator;
import io.s3migration.operator.config.OperatorConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.util.List;

/**
 * Readiness: the operator has started (caches synced) and no event source has been unhealthy beyond
 * {@code s3migration.health.unhealthy-grace}. It replaces the Quarkus Operator SDK's own check (disabled in
 * application.properties), which went DOWN for the second an informer takes to re-establish its watch and so took
 * the pod out of its Service (and Prometheus's targets) every few minutes.
 */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {
    public static final String NAME = "s3migration operator";

    @Inject
    Operator operator;

    @Inject
    OperatorConfig config;

    private SustainedUnhealthy eventSources;

    @PostConstruct
    void init() {
        eventSources = new SustainedUnhealthy(config.health().unhealthyGrace(), Clock.systemUTC());
    }

    @Override
    public HealthCheckResponse call() {
        var info = operator.getRuntimeInfo();
        if (!info.isStarted()) {
            return HealthCheckResponse.named(NAME).down().withData("started", false).build();
        }
        List<String> unhealthy = info.unhealthyEventSources().entrySet().stream()
                .flatMap(controller -> controller.getValue().keySet().stream().map(source -> controller.getKey() + "/" + source))
                .sorted().toList();
        return eventSources.check(NAME, unhealthy).withData("started", true).build();
    }
}
