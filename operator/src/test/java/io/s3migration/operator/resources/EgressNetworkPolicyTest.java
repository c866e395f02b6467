package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy pod's egress: DNS from config, the internet on the endpoints' ports only, private ranges for the allowlisted. */
class EgressNetworkPolicyTest {
    static final Bucket AWS = new Bucket("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "photos", null, false);
    static final Bucket PLATFORM = new Bucket("https://storage.platform.example:9000", null, "photos", null, true);
    static final CopierConfig PUBLIC_TO_PUBLIC = CopierConfig.of(Mode.COPY, AWS, new Bucket("https://s3.public.example", null, "d", null, false));
    /** What the operator's address guard makes of a run into the allowlisted platform storage. */
    static final CopierConfig INTO_PLATFORM = CopierConfig.of(Mode.COPY, AWS, PLATFORM)
            .withAllowedAddresses(List.of("10.20.0.0/16"), List.of("storage.platform.example"));

    private static List<NetworkPolicyEgressRule> rules(Map<String, String> settings, CopierConfig copier) {
        OperatorConfig config = TestConfigs.of(settings);
        return EgressNetworkPolicy.build(Fixtures.migration("photos", "team-a"), config.egress(), copier).getSpec().getEgress();
    }

    private static List<String> ports(NetworkPolicyEgressRule rule) {
        return rule.getPorts().stream().map(p -> p.getPort().getIntVal() + "/" + p.getProtocol()).toList();
    }

    private static List<String> cidrs(NetworkPolicyEgressRule rule) {
        return rule.getTo().stream().map(NetworkPolicyPeer::getIpBlock).filter(Objects::nonNull).map(b -> b.getCidr()).toList();
    }

    @Test
    void theInternetOnlyOnTcp443ForHttpsEndpointsAndDnsOnlyToTheDnsPods() {
        List<NetworkPolicyEgressRule> rules = rules(Map.of("s3migration.egress.allowed-cidrs", "10.20.0.0/16"), PUBLIC_TO_PUBLIC);

        assertEquals(2, rules.size(), "DNS and the internet; no private range without an allowlisted endpoint");
        NetworkPolicyEgressRule dns = rules.get(0);
        assertEquals(List.of("53/UDP", "53/TCP"), ports(dns));
        assertEquals(1, dns.getTo().size());
        assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), dns.getTo().get(0).getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("k8s-app", "kube-dns"), dns.getTo().get(0).getPodSelector().getMatchLabels());
        NetworkPolicyEgressRule internet = rules.get(1);
        assertEquals(List.of("443/TCP"), ports(internet), "no other port or protocol to the internet");
        assertEquals(List.of("0.0.0.0/0", "::/0"), cidrs(internet));
    }

    @Test
    void natAndSixToFourPrefixesAreRefusedWholeSinceAPolicyCannotReadTheIpv4TheyHide() {
        var v6 = rules(Map.of(), PUBLIC_TO_PUBLIC).get(1).getTo().get(1).getIpBlock();
        assertEquals("::/0", v6.getCidr());
        assertTrue(v6.getExcept().containsAll(List.of("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "::1/128", "fc00::/7", "fe80::/10")), v6.getExcept().toString());
    }

    @Test
    void theAllowedCidrsOnlyOnTheAllowlistedEndpointsPortAndOtherPortsOnlyForTheRunsOwnEndpoints() {
        List<NetworkPolicyEgressRule> rules = rules(Map.of("s3migration.egress.allowed-cidrs", "10.20.0.0/16,10.21.0.5/32"), INTO_PLATFORM);

        assertEquals(3, rules.size());
        assertEquals(List.of("443/TCP", "9000/TCP"), ports(rules.get(1)), "the internet: the two endpoints' ports");
        assertEquals(List.of("10.20.0.0/16", "10.21.0.5/32"), cidrs(rules.get(2)));
        assertEquals(List.of("9000/TCP"), ports(rules.get(2)), "the platform's range: the allowlisted endpoint's port only");
    }

    @Test
    void openShiftDnsAndNodeLocalDnsCacheAreExpressible() {
        List<NetworkPolicyEgressRule> openShift = rules(Map.of(
                "s3migration.egress.dns-namespace", "openshift-dns",
                "s3migration.egress.dns-pod-label", "dns.operator.openshift.io/daemonset-dns=default",
                "s3migration.egress.dns-ports", "5353/UDP,5353/TCP"), PUBLIC_TO_PUBLIC);
        assertEquals(List.of("5353/UDP", "5353/TCP"), ports(openShift.get(0)));
        assertEquals(Map.of("kubernetes.io/metadata.name", "openshift-dns"), openShift.get(0).getTo().get(0).getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("dns.operator.openshift.io/daemonset-dns", "default"), openShift.get(0).getTo().get(0).getPodSelector().getMatchLabels());

        List<NetworkPolicyEgressRule> nodeLocal = rules(Map.of("s3migration.egress.dns-cidrs", "169.254.20.10/32"), PUBLIC_TO_PUBLIC);
        assertEquals(List.of("169.254.20.10/32"), cidrs(nodeLocal.get(0)), "the node-local cache, besides the DNS pods");
        assertEquals(List.of("53/UDP", "53/TCP"), ports(nodeLocal.get(0)));
        assertEquals(List.of("443/TCP"), ports(nodeLocal.get(1)), "169.254.20.10 only for DNS, not on the internet rule");
    }

    @Test
    void aMalformedDnsPortNamesTheSetting() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> rules(Map.of("s3migration.egress.dns-ports", "53/ICMP"), PUBLIC_TO_PUBLIC));
        assertTrue(e.getMessage().contains("s3migration.egress.dns-ports"), e.getMessage());
    }

    @Test
    void anHttpEndpointWithoutPortIsPort80AndABareHostIsHttps() {
        assertEquals(80, EgressNetworkPolicy.port("http://minio.example"));
        assertEquals(443, EgressNetworkPolicy.port("minio.example"));
        assertEquals(9000, EgressNetworkPolicy.port("http://10.0.0.5:9000"));
        assertEquals("fd00::5", EgressNetworkPolicy.host("https://[FD00::5]:9000"));
    }

    @Test
    void theChartsDefaultsMakeTheSamePolicy() {
        OperatorConfig fromChart = TestConfigs.fromEnv(RenderedChart.render(Map.of()).operatorEnv());
        var rules = EgressNetworkPolicy.build(Fixtures.migration("photos", "team-a"), fromChart.egress(), PUBLIC_TO_PUBLIC)
                .getSpec().getEgress();
        assertEquals(List.of("53/UDP", "53/TCP"), ports(rules.get(0)));
        assertEquals(List.of("443/TCP"), ports(rules.get(1)));
    }
}
