package io.s3migration.operator.resources;

import io.s3migration.protocol.BlockedAddresses;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.config.EgressSettings;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.SchedulingSettings;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code <name>-egress}: the third wall against SSRF (after the operator's and the copier's endpoint checks).
 * Selects only this migration's copier pod; no ingress at all; egress to the cluster DNS on its ports, to public
 * addresses on the TCP ports of this run's two endpoints only (443 for the usual https endpoints), and to the
 * CIDRs the platform allows (its own storage) on the ports of this run's allowlisted endpoints only.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class EgressNetworkPolicy extends CRUDKubernetesDependentResource<NetworkPolicy, MigrationJob> {

    /** The IPv4 ranges of {@link BlockedAddresses#BUILT_IN}, as an {@code except} of {@code 0.0.0.0/0}. */
    public static final List<String> BLOCKED_IPV4 = builtIn(true);
    /**
     * Its IPv6 ranges, as an {@code except} of {@code ::/0}, plus NAT64 ({@code 64:ff9b::/96}) and 6to4
     * ({@code 2002::/16}): the other walls judge those by the IPv4 address they embed, which a NetworkPolicy
     * cannot, so it refuses them whole. None is IPv4-mapped ({@code ::ffff:0:0/96}: the API server reads that as
     * IPv4 and refuses it inside ::/0); the IPv4 list covers mapped addresses.
     */
    public static final List<String> BLOCKED_IPV6 = Stream.concat(builtIn(false).stream(),
            Stream.of("64:ff9b::/96", "2002::/16")).toList();

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

    public static NetworkPolicy build(MigrationJob mj, OperatorConfig.Egress egress, CopierConfig copier) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(dns(egress));
        // The copier connects to its two endpoints only, so their ports are all the pod needs.
        SortedSet<Integer> endpointPorts = new TreeSet<>();
        SortedSet<Integer> allowlistedPorts = new TreeSet<>();
        for (Bucket side : List.of(copier.source(), copier.destination())) {
            endpointPorts.add(port(side.endpoint()));
            if (copier.get(CopierSettings.ALLOWED_HOSTS).contains(host(side.endpoint()))) {
                allowlistedPorts.add(port(side.endpoint()));
            }
        }
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(
                        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0").withExcept(BLOCKED_IPV4).endIpBlock().build(),
                        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("::/0").withExcept(BLOCKED_IPV6).endIpBlock().build())
                .withPorts(tcp(endpointPorts))
                .build());
        List<String> allowed = egress.allowedCidrs().orElse(List.of());
        if (!allowed.isEmpty() && !allowlistedPorts.isEmpty()) {
            rules.add(new NetworkPolicyEgressRuleBuilder()
                    .withTo(ipBlocks(allowed))
                    .withPorts(tcp(allowlistedPorts))
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

    /** The cluster DNS pods, and DNS servers that are no pods (NodeLocal DNSCache), on the DNS ports only. */
    private static NetworkPolicyEgressRule dns(OperatorConfig.Egress egress) {
        Map<String, String> dnsLabel = SchedulingSettings.nodeSelector(List.of(egress.dnsPodLabel()));
        List<NetworkPolicyPeer> peers = new ArrayList<>(List.of(new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", egress.dnsNamespace()).endNamespaceSelector()
                .withNewPodSelector().withMatchLabels(dnsLabel).endPodSelector()
                .build()));
        peers.addAll(ipBlocks(egress.dnsCidrs().orElse(List.of())));
        return new NetworkPolicyEgressRuleBuilder()
                .withTo(peers)
                .withPorts(EgressSettings.ports(egress.dnsPorts()).stream()
                        .map(p -> new NetworkPolicyPortBuilder().withProtocol(p.protocol()).withPort(new IntOrString(p.number())).build())
                        .toList())
                .build();
    }

    private static List<NetworkPolicyPeer> ipBlocks(List<String> cidrs) {
        return cidrs.stream().map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr.trim()).endIpBlock().build())
                .toList();
    }

    private static List<NetworkPolicyPort> tcp(SortedSet<Integer> ports) {
        return ports.stream().map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(p)).build()).toList();
    }

    /** The endpoint's port, or its scheme's default (the copier reads a bare host as https). */
    static int port(String endpoint) {
        URI uri = uri(endpoint);
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /** The endpoint's host as the endpoint policy names it (lower case, no brackets). */
    static String host(String endpoint) {
        String host = uri(endpoint).getHost();
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(Locale.ROOT);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static URI uri(String endpoint) {
        String e = endpoint == null ? "" : endpoint.trim();
        try {
            return URI.create(e.contains("://") ? e : "https://" + e);
        } catch (IllegalArgumentException notAUrl) {
            return URI.create("https://invalid"); // refused at admission; resources are applied only after it
        }
    }

    @Override
    protected NetworkPolicy desired(MigrationJob mj, Context<MigrationJob> context) {
        Plan plan = Plan.from(context);
        return build(mj, plan.config().egress(), plan.copier());
    }
}
