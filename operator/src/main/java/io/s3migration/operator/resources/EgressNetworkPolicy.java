package io.s3migration.operator.resources;

import io.s3migration.protocol.BlockedAddresses;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.SchedulingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code <name>-egress}: the third wall against SSRF (after the operator's and the copier's endpoint checks).
 * Selects only this migration's copier pod; no ingress at all; egress to the cluster DNS and to public
 * addresses only, plus the CIDRs the platform allows (its own storage).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class EgressNetworkPolicy extends CRUDKubernetesDependentResource<NetworkPolicy, MigrationJob> {

    /** The IPv4 ranges of {@link BlockedAddresses#BUILT_IN}, as an {@code except} of {@code 0.0.0.0/0}. */
    public static final List<String> BLOCKED_IPV4 = builtIn(true);
    /**
     * Its IPv6 ranges, as an {@code except} of {@code ::/0}. None is IPv4-mapped ({@code ::ffff:0:0/96}: the API
     * server reads that as IPv4 and refuses it inside ::/0); the IPv4 list covers mapped addresses.
     */
    public static final List<String> BLOCKED_IPV6 = builtIn(false);

    private static List<String> builtIn(boolean ipv4) {
        return BlockedAddresses.BUILT_IN.stream().filter(r -> r.cidr().isIpv4() == ipv4)
                .map(BlockedAddresses.Range::notation).toList();
    }

    public EgressNetworkPolicy() {
        super(NetworkPolicy.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-egress";
    }

    public static NetworkPolicy build(MigrationJob mj, OperatorConfig.Egress egress) {
        Map<String, String> dnsLabel = SchedulingSettings.nodeSelector(List.of(egress.dnsPodLabel()));
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder()
                        .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", egress.dnsNamespace()).endNamespaceSelector()
                        .withNewPodSelector().withMatchLabels(dnsLabel).endPodSelector()
                        .build())
                .withPorts(
                        new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                .build());
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(
                        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0").withExcept(BLOCKED_IPV4).endIpBlock().build(),
                        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("::/0").withExcept(BLOCKED_IPV6).endIpBlock().build())
                .build());
        List<String> allowed = egress.allowedCidrs().orElse(List.of());
        if (!allowed.isEmpty()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withTo(allowed.stream()
                            .map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr.trim()).endIpBlock().build())
                            .toList())
                    .build());
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Labels.copierPod(mj)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(List.of())
                .withEgress(rules)
                .endSpec()
                .build();
    }

    @Override
    protected NetworkPolicy desired(MigrationJob mj, Context<MigrationJob> context) {
        return build(mj, Plan.from(context).config().egress());
    }
}
