package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.s3migration.operator.api.MigrationJob;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NetworkPolicies are additive: any other policy of the namespace that selects the copy pod and allows egress
 * reopens what {@link EgressNetworkPolicy} closes. The chart's admission policy refuses such policies when they are
 * written; this check, pure, finds one that was there before (or while the admission policy was off), so the
 * operator starts no copy pod next to it.
 * <p>
 * "May select": labels whose values the operator knows (its own, the platform's pod labels, this migration's name)
 * are compared exactly; the Job and mode labels, whose values differ per run, match any value.
 */
public final class EgressBypass {
    /** Copy-pod labels whose values change from run to run. */
    static final Set<String> PER_RUN = Set.of(Labels.JOB, Labels.MODE);

    private EgressBypass() {
    }

    /** The first policy of {@code policies} (the namespace's) that reopens egress for this migration's copy pods. */
    public static Optional<NetworkPolicy> find(MigrationJob mj, Map<String, String> platformPodLabels, List<NetworkPolicy> policies) {
        Map<String, String> known = new java.util.HashMap<>(platformPodLabels);
        known.putAll(Labels.copierPod(mj));
        return policies.stream()
                .filter(p -> !ours(p, mj))
                .filter(EgressBypass::allowsEgress)
                .filter(p -> maySelect(p.getSpec().getPodSelector(), known, PER_RUN))
                .findFirst();
    }

    /** What a user reads in the MigrationJob's status while such a policy is there. */
    public static String message(NetworkPolicy policy) {
        return "NetworkPolicy '" + policy.getMetadata().getName() + "' in this namespace selects this migration's copy pods and"
                + " allows egress, which would reopen the egress wall the operator puts around them (NetworkPolicies add up):"
                + " narrow its podSelector so it leaves the copy pods out, e.g. add {key: " + Labels.NAME
                + ", operator: NotIn, values: [" + Labels.COPIER + "]} to its matchExpressions; the migration continues once it does";
    }

    static boolean ours(NetworkPolicy policy, MigrationJob mj) {
        Map<String, String> labels = policy.getMetadata().getLabels() == null ? Map.of() : policy.getMetadata().getLabels();
        return policy.getMetadata().getName().equals(EgressNetworkPolicy.name(mj))
                && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
    }

    /** Egress rules that count: a policy of type Egress with no rule only denies. */
    static boolean allowsEgress(NetworkPolicy policy) {
        var spec = policy.getSpec();
        boolean egressType = spec.getPolicyTypes() == null || spec.getPolicyTypes().isEmpty() || spec.getPolicyTypes().contains("Egress");
        return egressType && spec.getEgress() != null && !spec.getEgress().isEmpty();
    }

    /** Whether the selector may select a pod labelled {@code known} plus any values of {@code anyValue}. */
    static boolean maySelect(LabelSelector selector, Map<String, String> known, Set<String> anyValue) {
        if (selector == null) {
            return true;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (var label : matchLabels.entrySet()) {
            if (!anyValue.contains(label.getKey()) && !label.getValue().equals(known.get(label.getKey()))) {
                return false;
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        return expressions.stream().allMatch(e -> mayHold(e, known, anyValue));
    }

    private static boolean mayHold(LabelSelectorRequirement e, Map<String, String> known, Set<String> anyValue) {
        boolean present = anyValue.contains(e.getKey()) || known.containsKey(e.getKey());
        List<String> values = e.getValues() == null ? List.of() : e.getValues();
        return switch (e.getOperator()) {
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "In" -> anyValue.contains(e.getKey()) || values.contains(known.get(e.getKey()));
            case "NotIn" -> anyValue.contains(e.getKey()) || !values.contains(known.get(e.getKey()));
            default -> true; // an operator the API server would refuse: assume the worst
        };
    }
}
