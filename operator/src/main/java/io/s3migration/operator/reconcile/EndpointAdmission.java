package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.policy.EndpointPolicy;
import io.s3migration.operator.policy.HostResolver;
import io.s3migration.operator.policy.PolicySettings;
import io.s3migration.operator.policy.Verdict;
import io.s3migration.protocol.Bucket;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * The operator's admission of a spec's endpoints (SSRF first wall, {@link EndpointPolicy}), with the endpoints a
 * spec may leave out filled in: AWS from the region for a source, the platform storage for a destination.
 */
@ApplicationScoped
public class EndpointAdmission {

    @Inject
    OperatorConfig config;

    @Inject
    HostResolver resolver;

    /** DNS as the JVM sees it; tests replace it with fixed answers. */
    @Produces
    @DefaultBean
    @Singleton
    HostResolver systemResolver() {
        return HostResolver.system();
    }

    /** The endpoint the copier will use for the source. */
    public static String sourceEndpoint(BucketSpec source) {
        if (source.endpoint() != null && !source.endpoint().isBlank()) {
            return source.endpoint();
        }
        return source.region() == null || source.region().isBlank()
                ? "https://s3.amazonaws.com" : "https://s3." + source.region() + ".amazonaws.com";
    }

    /** The endpoint the copier will use for the destination, or empty when neither spec nor config names one. */
    public Optional<String> destinationEndpoint(BucketSpec destination) {
        if (destination.endpoint() != null && !destination.endpoint().isBlank()) {
            return Optional.of(destination.endpoint());
        }
        return config.platform().storageEndpoint().filter(e -> !e.isBlank());
    }

    public Bucket sourceBucket(MigrationJobSpec spec) {
        BucketSpec s = spec.source();
        return new Bucket(sourceEndpoint(s), s.region(), s.bucket(), s.prefix(), Boolean.TRUE.equals(s.pathStyle()));
    }

    public Bucket destinationBucket(MigrationJobSpec spec) {
        BucketSpec d = spec.destination();
        return new Bucket(destinationEndpoint(d).orElse(null), d.region(), d.bucket(), d.prefix(), Boolean.TRUE.equals(d.pathStyle()));
    }

    /** The first refusal, source before destination, or empty when both endpoints are allowed. */
    public Optional<Phases.Refusal> check(MigrationJobSpec spec) {
        EndpointPolicy policy = new EndpointPolicy(settings(), resolver);
        Verdict source = policy.check(sourceEndpoint(spec.source()), EndpointPolicy.Role.SOURCE);
        if (!source.allowed()) {
            return Optional.of(new Phases.Refusal(source.reason().name(), source.message()));
        }
        Optional<String> destinationEndpoint = destinationEndpoint(spec.destination());
        if (destinationEndpoint.isEmpty()) {
            return Optional.of(new Phases.Refusal("InvalidEndpoint", "spec.destination.endpoint is empty and the platform"
                    + " has no default storage endpoint: set spec.destination.endpoint"));
        }
        Verdict destination = policy.check(destinationEndpoint.get(), EndpointPolicy.Role.DESTINATION);
        return destination.allowed() ? Optional.empty()
                : Optional.of(new Phases.Refusal(destination.reason().name(), destination.message()));
    }

    PolicySettings settings() {
        OperatorConfig.Policy p = config.policy();
        return new PolicySettings(p.allowedEndpoints().orElse(List.of()), p.allowedHttpHosts().orElse(List.of()),
                p.allowedDestinations().orElse(List.of()), p.blockedCidrs().orElse(List.of()));
    }
}
