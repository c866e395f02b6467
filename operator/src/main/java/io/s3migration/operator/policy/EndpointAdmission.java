package io.s3migration.operator.policy;

import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    /**
     * Both endpoints as the copier will see them, resolved once per reconcile: the source with its provider preset
     * applied and AWS's regional endpoint spelled out (so the endpoint policy checks exactly what the copier will
     * contact), the destination defaulting to the platform storage. {@code invalid} names what is missing instead
     * (e.g. r2 without its account endpoint).
     */
    public record Endpoints(Bucket source, Bucket destination, Optional<Refusal> invalid) {
    }

    public Endpoints resolve(MigrationJobSpec spec) {
        try {
            return new Endpoints(resolve(spec.source(), "spec.source", null), resolve(spec.destinationWithDefaults(), "spec.destination",
                    config.platform().storageEndpoint().filter(e -> !e.isBlank()).orElse(null)), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Endpoints(null, null, Optional.of(new Refusal(StatusReason.InvalidEndpoint, e.getMessage())));
        }
    }

    static Bucket resolve(BucketSpec side, String field, String defaultEndpoint) {
        Bucket given = side.toBucket();
        boolean hasEndpoint = given.endpoint() != null && !given.endpoint().isBlank();
        if (side.provider() != null && !side.provider().isBlank()) {
            Provider provider;
            try {
                provider = Provider.parse(side.provider());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage() + ": set " + field + ".provider to one of them");
            }
            try {
                given = provider.apply(given);
            } catch (IllegalArgumentException e) {
                // The preset says what it lacks (a region for aws and b2, an endpoint for the others): name the field.
                throw new IllegalArgumentException(field + ": " + e.getMessage() + ": set " + field
                        + (e.getMessage().contains("region") ? ".region" : ".endpoint"));
            }
        } else if (!hasEndpoint && defaultEndpoint != null) {
            given = new Bucket(defaultEndpoint, given.region(), given.bucket(), given.prefix(), given.pathStyle(), given.exactKey());
        }
        if (given.endpoint() == null || given.endpoint().isBlank()) {
            if (defaultEndpoint == null && !field.equals("spec.source")) {
                throw new IllegalArgumentException(field + ".endpoint is empty and the platform has no default storage"
                        + " endpoint: set " + field + ".endpoint");
            }
            String region = given.region();
            String aws = region == null || region.isBlank() ? "https://s3.amazonaws.com" : "https://s3." + region + ".amazonaws.com";
            given = new Bucket(defaultEndpoint != null ? defaultEndpoint : aws, given.region(), given.bucket(), given.prefix(),
                    given.pathStyle(), given.exactKey());
        }
        return given;
    }

    /** The first refusal, source before destination, or empty when both endpoints are allowed. */
    public Optional<Refusal> check(Endpoints endpoints) {
        if (endpoints.invalid().isPresent()) {
            return endpoints.invalid();
        }
        EndpointPolicy policy = new EndpointPolicy(settings(), resolver);
        for (var side : List.of(Map.entry(EndpointPolicy.Role.SOURCE, endpoints.source()),
                Map.entry(EndpointPolicy.Role.DESTINATION, endpoints.destination()))) {
            Verdict verdict = policy.check(side.getValue().endpoint(), side.getKey());
            if (!verdict.allowed()) {
                return Optional.of(new Refusal(verdict.reason(), verdict.message()));
            }
        }
        return Optional.empty();
    }

    /**
     * The copier's connect-time guard for this run: the private ranges the NetworkPolicy opens (egress allowedCidrs)
     * only for the hosts of this run's allowlisted endpoints, so a tenant's host that resolves there later is still
     * refused; and the cluster's networks (blockedCidrs) refused like the built-in ranges.
     */
    public CopierConfig withAddressGuard(CopierConfig copier) {
        EndpointPolicy policy = new EndpointPolicy(settings(), resolver);
        List<String> hosts = Stream.of(copier.source(), copier.destination())
                .map(bucket -> policy.allowlistedHost(bucket.endpoint())).flatMap(Optional::stream).distinct().toList();
        List<String> ranges = config.egress().allowedCidrs().orElse(List.of());
        CopierConfig guarded = copier.with(CopierSettings.BLOCKED_ADDRESSES, settings().blockedCidrs());
        return hosts.isEmpty() || ranges.isEmpty() ? guarded : guarded.withAllowedAddresses(ranges, hosts);
    }

    PolicySettings settings() {
        OperatorConfig.Policy p = config.policy();
        return new PolicySettings(p.allowedEndpoints().orElse(List.of()), p.allowedHttpHosts().orElse(List.of()),
                p.allowedDestinations().orElse(List.of()), p.blockedCidrs().orElse(List.of()));
    }
}
