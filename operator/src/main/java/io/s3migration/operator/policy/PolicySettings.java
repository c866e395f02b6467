package io.s3migration.operator.policy;

import java.util.List;

/**
 * What the platform team configures for the endpoint policy (mapped from the operator config).
 *
 * @param allowedEndpoints    endpoints that skip the address checks (the platform's own storage), as
 *                            {@code scheme://host[:port]}, a bare host, or {@code *.domain}
 * @param allowedHttpHosts    hosts that may be reached over plain http (same pattern forms)
 * @param allowedDestinations when not empty, the only endpoints a destination may use (same pattern forms)
 * @param blockedCidrs        networks refused in addition to the built-in ones: the cluster's service and pod CIDRs
 */
public record PolicySettings(
        List<String> allowedEndpoints,
        List<String> allowedHttpHosts,
        List<String> allowedDestinations,
        List<String> blockedCidrs) {

    public PolicySettings {
        allowedEndpoints = copy(allowedEndpoints);
        allowedHttpHosts = copy(allowedHttpHosts);
        allowedDestinations = copy(allowedDestinations);
        blockedCidrs = copy(blockedCidrs);
    }

    /** No allowlists, no extra blocked networks: public https endpoints only. */
    public static PolicySettings strict() {
        return new PolicySettings(List.of(), List.of(), List.of(), List.of());
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
