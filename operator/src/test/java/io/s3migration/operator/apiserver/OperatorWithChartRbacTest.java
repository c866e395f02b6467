package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.s3migration.operator.chart.RenderedChart;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same lifecycle as {@link OperatorOnRealApiServerTest}, with the operator holding only what the Helm chart
 * grants its ServiceAccount: if the chart's rules miss a verb or resource the operator uses, the migration never
 * reaches Succeeded (the API server answers 403).
 */
@QuarkusTest
@TestProfile(ChartRbacProfile.class)
@ExtendWith(RealApiServerAvailable.class)
class OperatorWithChartRbacTest extends OperatorOnRealApiServerTest {

    @Inject
    KubernetesClient operatorClient;

    @Test
    void theOperatorRunsAsTheChartsServiceAccountNotAsAdmin() {
        String user = operatorClient.resource(new SelfSubjectReviewBuilder().build()).create()
                .getStatus().getUserInfo().getUsername();
        assertEquals("system:serviceaccount:" + RenderedChart.NAMESPACE + ":", user.substring(0, user.lastIndexOf(':') + 1));

        for (String[] forbidden : new String[][] {{"create", "rbac.authorization.k8s.io", "clusterroles"},
                {"delete", "", "namespaces"}, {"create", "", "pods/exec"}, {"*", "*", "*"},
                // no Secret informer: reading every Secret of the cluster is not among its rights
                {"list", "", "secrets"}, {"watch", "", "secrets"}, {"update", "", "secrets"}, {"deletecollection", "", "secrets"}}) {
            SelfSubjectAccessReview review = operatorClient.authorization().v1().selfSubjectAccessReview().create(
                    new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                            .withVerb(forbidden[0]).withGroup(forbidden[1]).withResource(forbidden[2].split("/")[0])
                            .withSubresource(forbidden[2].contains("/") ? forbidden[2].split("/")[1] : null)
                            .endResourceAttributes().endSpec().build());
            assertFalse(review.getStatus().getAllowed(), "the chart grants " + String.join(" ", forbidden));
        }
    }
}
