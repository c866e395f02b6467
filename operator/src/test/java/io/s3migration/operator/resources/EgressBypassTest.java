package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.reconcile.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressBypassTest {
    final MigrationJob mj = Fixtures.migration("photos", "team-a");

    static NetworkPolicy policy(String name, LabelSelector selector, boolean egressRules, String... types) {
        var spec = new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace("team-a").endMetadata()
                .withNewSpec().withPodSelector(selector).withPolicyTypes(types);
        if (egressRules) {
            spec.withEgress(new NetworkPolicyEgressRuleBuilder().build());   // {}: anywhere, any port
        }
        return spec.endSpec().build();
    }

    static LabelSelector all() {
        return new LabelSelector();
    }

    static LabelSelectorBuilder selector() {
        return new LabelSelectorBuilder();
    }

    Optional<String> found(NetworkPolicy... policies) {
        return EgressBypass.find(mj, Map.of("team", "storage"), List.of(policies)).map(p -> p.getMetadata().getName());
    }

    @Test
    void anAllowAllEgressPolicyOfTheNamespaceReopensTheWall() {
        assertEquals(Optional.of("allow-all"), found(policy("allow-all", all(), true, "Egress")));
        assertEquals(Optional.of("no-types"), found(policy("no-types", all(), true)));
        assertEquals(Optional.of("both"), found(policy("both", all(), true, "Ingress", "Egress")));
    }

    @Test
    void policiesThatOnlyDenyOrOnlyGovernIngressDoNot() {
        assertEquals(Optional.empty(), found(policy("default-deny", all(), false, "Ingress", "Egress")));
        assertEquals(Optional.empty(), found(policy("ingress-only", all(), true, "Ingress")));
    }

    @Test
    void selectorsThatLeaveTheCopyPodsOutPass() {
        assertEquals(Optional.empty(), found(
                policy("web", selector().addToMatchLabels("app", "web").build(), true, "Egress"),
                policy("not-copier", selector().addNewMatchExpression().withKey(Labels.NAME).withOperator("NotIn")
                        .withValues(Labels.COPIER).endMatchExpression().build(), true, "Egress"),
                policy("unmanaged", selector().addNewMatchExpression().withKey(Labels.MIGRATION).withOperator("DoesNotExist")
                        .endMatchExpression().build(), true, "Egress"),
                policy("no-run", selector().addNewMatchExpression().withKey(Labels.JOB).withOperator("DoesNotExist")
                        .endMatchExpression().build(), true, "Egress"),
                policy("other-migration", selector().addToMatchLabels(Labels.MIGRATION, "videos").build(), true, "Egress"),
                policy("other-team", selector().addToMatchLabels("team", "web").build(), true, "Egress"),
                policy("has-app", selector().addNewMatchExpression().withKey("app").withOperator("Exists").endMatchExpression().build(),
                        true, "Egress")));
    }

    @Test
    void selectorsThatMayCatchTheCopyPodsAreFoundWhateverTheirShape() {
        assertEquals(Optional.of("by-name"), found(policy("by-name", selector().addToMatchLabels(Labels.NAME, Labels.COPIER).build(), true)));
        assertEquals(Optional.of("platform-label"), found(policy("platform-label", selector().addToMatchLabels("team", "storage").build(), true)));
        assertEquals(Optional.of("this-migration"), found(policy("this-migration", selector().addToMatchLabels(Labels.MIGRATION, "photos").build(), true)));
        // Job and mode change every run: any value may match.
        assertEquals(Optional.of("a-run"), found(policy("a-run", selector().addToMatchLabels(Labels.JOB, "photos-7").build(), true)));
        assertEquals(Optional.of("not-this-run"), found(policy("not-this-run", selector().addNewMatchExpression().withKey(Labels.MODE)
                .withOperator("NotIn").withValues("preflight").endMatchExpression().build(), true)));
        // NotIn on a label the copy pod lacks holds (an absent label is in no list).
        assertEquals(Optional.of("not-web"), found(policy("not-web", selector().addNewMatchExpression().withKey("app")
                .withOperator("NotIn").withValues("web").endMatchExpression().build(), true)));
        assertEquals(Optional.of("managed"), found(policy("managed", selector().addNewMatchExpression().withKey(Labels.MANAGED_BY)
                .withOperator("In").withValues("helm", Labels.MANAGED_BY_VALUE).endMatchExpression().build(), true)));
    }

    @Test
    void theOperatorsOwnPolicyForThisMigrationIsNotABypassButALookalikeIs() {
        NetworkPolicy ours = new NetworkPolicyBuilder(policy(EgressNetworkPolicy.name(mj), all(), true, "Egress"))
                .editMetadata().withLabels(Labels.of(mj)).endMetadata().build();
        assertEquals(Optional.empty(), found(ours));
        NetworkPolicy lookalike = new NetworkPolicyBuilder(ours).editMetadata().withName("photos-egress-2").endMetadata().build();
        assertEquals(Optional.of("photos-egress-2"), found(lookalike));
        NetworkPolicy unlabelled = policy(EgressNetworkPolicy.name(mj), all(), true, "Egress");
        assertEquals(Optional.of("photos-egress"), found(unlabelled));
    }

    @Test
    void theMessageNamesThePolicyAndTheFix() {
        String message = EgressBypass.message(policy("allow-all", all(), true, "Egress"));
        assertTrue(message.contains("'allow-all'") && message.contains("operator: NotIn, values: [s3migration-copier]"), message);
    }
}
