package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.s3migration.protocol.CopierSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's per-migration limits (values limits.*): the operator's settings, and the admission policy that refuses a
 * MigrationJob above a maximum (its CEL on a real API server: apiserver/OptionsLimitsAdmissionApiServerTest).
 */
class LimitsChartTest {
    static final String POLICY = "s3m-s3-migration-operator-options-limits";

    @Test
    void noLimitsByDefaultNoPolicyNoSettings() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertTrue(chart.all(ValidatingAdmissionPolicy.class).stream().noneMatch(p -> p.getMetadata().getName().equals(POLICY)));
        assertTrue(chart.operatorEnv().keySet().stream().noneMatch(name -> name.startsWith("S3MIGRATION_LIMITS_")),
                () -> chart.operatorEnv().toString());
    }

    @Test
    void theLimitsReachTheOperatorAndTheMaximaThePolicy() {
        RenderedChart chart = RenderedChart.render(values("limits.bandwidthLimit.default", "50Mi", "limits.bandwidthLimit.max", "100Mi",
                "limits.concurrency.default", 8, "limits.concurrency.max", 32));
        Map<String, String> env = chart.operatorEnv();
        assertEquals("50Mi", env.get("S3MIGRATION_LIMITS_BANDWIDTH_LIMIT_DEFAULT"));
        assertEquals("100Mi", env.get("S3MIGRATION_LIMITS_BANDWIDTH_LIMIT_MAX"));
        assertEquals("8", env.get("S3MIGRATION_LIMITS_CONCURRENCY_DEFAULT"));
        assertEquals("32", env.get("S3MIGRATION_LIMITS_CONCURRENCY_MAX"));

        ValidatingAdmissionPolicy policy = chart.one(ValidatingAdmissionPolicy.class, POLICY);
        assertEquals(List.of("migrationjobs"), policy.getSpec().getMatchConstraints().getResourceRules().get(0).getResources());
        assertEquals(List.of("CREATE", "UPDATE"), policy.getSpec().getMatchConstraints().getResourceRules().get(0).getOperations());
        assertEquals(2, policy.getSpec().getValidations().size());
        assertTrue(policy.getSpec().getValidations().get(0).getExpression().contains("variables.concurrency <= 32"));
        assertTrue(policy.getSpec().getValidations().get(0).getMessageExpression().contains("leave it out for the default of 8"));
        assertTrue(policy.getSpec().getValidations().get(1).getExpression().contains("quantity('100Mi')"));
        assertTrue(policy.getSpec().getValidations().get(1).getMessageExpression().contains("leave it out for the default of 50Mi"));
        assertEquals(POLICY, chart.one(ValidatingAdmissionPolicyBinding.class, POLICY).getSpec().getPolicyName());
    }

    @Test
    void oneMaximumOneRuleAndTheDefaultOfAMigrationThatSetsNone() {
        ValidatingAdmissionPolicy policy = RenderedChart.render(values("limits.bandwidthLimit.max", "1Gi", "limits.concurrency.max", 8))
                .one(ValidatingAdmissionPolicy.class, POLICY);
        assertEquals(2, policy.getSpec().getValidations().size());
        assertTrue(policy.getSpec().getValidations().get(0).getMessageExpression().contains("the default of 8"),
                "the copier's 64 is above the maximum: the maximum");
        assertTrue(policy.getSpec().getValidations().get(1).getMessageExpression().contains("the default of 1Gi"),
                "unlimited is above the maximum: the maximum");

        ValidatingAdmissionPolicy concurrencyOnly = RenderedChart.render(values("limits.concurrency.max", 128))
                .one(ValidatingAdmissionPolicy.class, POLICY);
        assertEquals(1, concurrencyOnly.getSpec().getValidations().size());
        assertTrue(concurrencyOnly.getSpec().getValidations().get(0).getMessageExpression().contains("the default of " + CopierSettings.DEFAULT_CONCURRENCY));

        RenderedChart off = RenderedChart.render(values("limits.concurrency.max", 64, "admissionPolicy.enabled", false));
        assertTrue(off.all(ValidatingAdmissionPolicy.class).stream().noneMatch(p -> p.getMetadata().getName().equals(POLICY)));
        assertEquals("64", off.operatorEnv().get("S3MIGRATION_LIMITS_CONCURRENCY_MAX"), "the operator still refuses");
    }

    @Test
    void aDefaultAboveItsMaximumFailsTheInstallSayingWhy() {
        Exception bandwidth = assertThrows(Exception.class, () -> RenderedChart.render(values(
                "limits.bandwidthLimit.default", "1Gi", "limits.bandwidthLimit.max", "500Mi")));
        assertTrue(bandwidth.getMessage().contains("limits.bandwidthLimit.default 1Gi is above limits.bandwidthLimit.max 500Mi:"
                + " lower the default or raise the maximum"), bandwidth::getMessage);
        Exception concurrency = assertThrows(Exception.class, () -> RenderedChart.render(values(
                "limits.concurrency.default", 9, "limits.concurrency.max", 8, "admissionPolicy.enabled", false)));
        assertTrue(concurrency.getMessage().contains("limits.concurrency.default 9 is above limits.concurrency.max 8"),
                concurrency::getMessage);
        assertFalse(RenderedChart.render(values("limits.bandwidthLimit.default", "900Mi", "limits.bandwidthLimit.max", "1Gi"))
                .operatorEnv().isEmpty(), "900Mi is below 1Gi although it sorts after it");
    }
}
