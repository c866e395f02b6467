package io.s3migration.operator.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, finding 1, on a real API server: the chart's dedicated-node admission policies (rendered with its
 * defaults, bound here only to this class's namespace, since the server is shared with the other tests) refuse a
 * tenant's pods and workloads that tolerate the dedicated nodes' taint, select them or name a node, and refuse a
 * tenant's changes to a copy pod; they admit the operator's copy Job created as the chart's ServiceAccount (a
 * token, with the chart's RBAC) and its pod created as the Job controller (impersonated: kube-api-test runs no
 * controllers). The tenant is a user bound to a Role that may write pods and workloads in the namespace.
 */
class DedicatedNodesAdmissionApiServerTest extends CrdOnRealApiServer {
    static final String SCOPE = "test.s3migration.io/dedicated-nodes-policy";
    static final String DEDICATED = "s3migration.io/dedicated";
    static final String JOB_CONTROLLER = "system:serviceaccount:kube-system:job-controller";
    static List<HasMetadata> policies;
    static KubernetesClient tenant;
    static KubernetesClient operator;
    static KubernetesClient jobController;

    @BeforeAll
    static void installThePolicies() {
        admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(SCOPE, "true").endMetadata().build());
        RenderedChart chart = RenderedChart.render(RenderedChart.values(
                "admissionPolicy.namespaceSelector", Map.of("matchLabels", Map.of(SCOPE, "true"))));
        if (admin.namespaces().withName(RenderedChart.NAMESPACE).get() == null) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(RenderedChart.NAMESPACE).endMetadata().build()).create();
        }
        chart.objects().stream().filter(o -> ChartRbacResource.RBAC_KINDS.contains(o.getKind()))
                .forEach(o -> admin.resource(o).forceConflicts().fieldManager("helm").serverSideApply());
        policies = chart.objects().stream().filter(o -> o.getKind().startsWith("ValidatingAdmissionPolicy"))
                .filter(o -> o.getMetadata().getName().contains("-dedicated-nodes-")).toList();
        assertEquals(6, policies.size(), "a policy and a binding each for pods, workloads, CronJobs");
        policies.forEach(o -> admin.resource(o).forceConflicts().fieldManager("helm").serverSideApply());

        admin.resource(new RoleBuilder().withNewMetadata().withName("tenant").withNamespace(namespace).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("", "apps", "batch")
                        .withResources("pods", "pods/ephemeralcontainers", "jobs", "cronjobs", "deployments", "daemonsets")
                        .withVerbs("get", "list", "create", "update", "patch").build())
                .build()).serverSideApply();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("tenant").withNamespace(namespace).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "tenant").addNewSubject().withKind("User")
                .withApiGroup("rbac.authorization.k8s.io").withName("alice").endSubject().build()).serverSideApply();

        tenant = impersonating("alice", "tenants");
        jobController = impersonating(JOB_CONTROLLER, "system:serviceaccounts", "system:serviceaccounts:kube-system");
        ServiceAccount account = chart.all(ServiceAccount.class).get(0);
        String token = admin.serviceAccounts().inNamespace(RenderedChart.NAMESPACE).withName(account.getMetadata().getName())
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        RealApiServer server = RealApiServer.shared();
        operator = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withCaCertFile(server.certificate("apiserver.crt").toString()).withOauthToken(token).build()).build();

        // The API server picks policies up through an informer, each on its own: wait until all three hold (CI once
        // ran the first test while the pods' policy held and the workloads' did not yet).
        Pod probe = pod("probe", s -> s.addNewToleration().withKey(DEDICATED).withOperator("Exists").endToleration());
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withSpec(probe.getSpec()).build();
        template.getSpec().setRestartPolicy("Never");
        List<HasMetadata> probes = List.of(probe,
                new JobBuilder().withNewMetadata().withName("probe").withNamespace(namespace).endMetadata()
                        .withNewSpec().withTemplate(template).endSpec().build(),
                new CronJobBuilder().withNewMetadata().withName("probe").withNamespace(namespace).endMetadata().withNewSpec()
                        .withSchedule("* * * * *").withNewJobTemplate().withNewSpec().withTemplate(template).endSpec().endJobTemplate()
                        .endSpec().build());
        for (HasMetadata object : probes) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    dryRun(tenant, object);
                    return false;
                } catch (KubernetesClientException refused) {
                    return refused.getMessage().contains("dedicated migration nodes");
                }
            });
        }
    }

    @AfterAll
    static void removeThePolicies() {
        if (policies != null) {
            policies.forEach(o -> admin.resource(o).delete());
        }
        for (KubernetesClient c : new KubernetesClient[] {tenant, operator, jobController}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static KubernetesClient impersonating(String user, String... groups) {
        Config config = Config.fromKubeconfig(RealApiServer.shared().kubeConfigYaml());
        config.setImpersonateUsername(user);
        config.setImpersonateGroups(groups);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static Pod pod(String name, UnaryOperator<PodSpecBuilder> spec) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withSpec(spec.apply(new PodSpecBuilder().addNewContainer().withName("main").withImage("busybox").endContainer()).build())
                .build();
    }

    static <T extends HasMetadata> void dryRun(KubernetesClient as, T object) {
        as.resource(object).dryRun().create();
    }

    static void assertRefused(String fragment, Runnable request) {
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, request::run);
        assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
    }

    record Intrusion(String description, UnaryOperator<PodSpecBuilder> spec, String refusal) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<Intrusion> intrusions() {
        return List.of(
                new Intrusion("the taint's toleration", s -> s.addNewToleration().withKey(DEDICATED).withOperator("Equal")
                        .withValue("true").withEffect("NoSchedule").endToleration(), "may tolerate the taint"),
                new Intrusion("the taint's key with Exists", s -> s.addNewToleration().withKey(DEDICATED).withOperator("Exists")
                        .endToleration(), "may tolerate the taint"),
                new Intrusion("a toleration of every taint", s -> s.addNewToleration().withOperator("Exists").endToleration(),
                        "or every taint"),
                new Intrusion("the dedicated nodeSelector", s -> s.addToNodeSelector(DEDICATED, "true"), "may select the dedicated"),
                new Intrusion("required node affinity on the label", s -> s.withNewAffinity().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                        .withKey(DEDICATED).withOperator("Exists").endMatchExpression().endNodeSelectorTerm()
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity(), "may select the dedicated"),
                new Intrusion("a node named directly", s -> s.withNodeName("migration-node-1"), "may not name its node"));
    }

    @ParameterizedTest
    @MethodSource("intrusions")
    void aTenantsPodHeadingForTheDedicatedNodesIsRefused(Intrusion intrusion) {
        assertRefused(intrusion.refusal(), () -> dryRun(tenant, pod("intruder", intrusion.spec())));
    }

    @ParameterizedTest
    @MethodSource("intrusions")
    void aTenantsWorkloadsHeadingForTheDedicatedNodesAreRefused(Intrusion intrusion) {
        PodSpec spec = pod("x", intrusion.spec()).getSpec();
        spec.setRestartPolicy("Never");
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "x")
                .endMetadata().withSpec(spec).build();
        assertRefused(intrusion.refusal(), () -> dryRun(tenant, new JobBuilder().withNewMetadata().withName("job")
                .withNamespace(namespace).endMetadata().withNewSpec().withTemplate(template).endSpec().build()));
        assertRefused(intrusion.refusal(), () -> dryRun(tenant, new CronJobBuilder().withNewMetadata().withName("cron")
                .withNamespace(namespace).endMetadata().withNewSpec().withSchedule("* * * * *").withNewJobTemplate().withNewSpec()
                .withTemplate(template).endSpec().endJobTemplate().endSpec().build()));
        template.getSpec().setRestartPolicy("Always");
        assertRefused(intrusion.refusal(), () -> dryRun(tenant, new DeploymentBuilder().withNewMetadata().withName("deploy")
                .withNamespace(namespace).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "x").endSelector()
                .withTemplate(template).endSpec().build()));
        assertRefused(intrusion.refusal(), () -> dryRun(tenant, new DaemonSetBuilder().withNewMetadata().withName("ds")
                .withNamespace(namespace).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "x").endSelector()
                .withTemplate(template).endSpec().build()));
    }

    @Test
    void ordinaryTenantWorkloadsAndTheirUpdatesPass() {
        dryRun(tenant, pod("plain", s -> s.addNewToleration().withKey("gpu").withOperator("Exists").endToleration()
                .withNewAffinity().withNewNodeAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(1)
                .withNewPreference().addNewMatchExpression().withKey("zone").withOperator("Exists").endMatchExpression().endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()));
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "x")
                .endMetadata().withSpec(pod("x", s -> s.withRestartPolicy("Never")).getSpec()).build();
        dryRun(tenant, new JobBuilder().withNewMetadata().withName("job").withNamespace(namespace).endMetadata().withNewSpec()
                .withTemplate(template).endSpec().build());
        dryRun(tenant, new CronJobBuilder().withNewMetadata().withName("cron").withNamespace(namespace).endMetadata().withNewSpec()
                .withSchedule("* * * * *").withNewJobTemplate().withNewSpec().withTemplate(template).endSpec().endJobTemplate()
                .endSpec().build());

        Pod own = tenant.resource(pod("own", UnaryOperator.identity())).create();
        tenant.pods().inNamespace(namespace).withName("own").edit(p -> {
            p.getSpec().getContainers().get(0).setImage("busybox:1.37");
            return p;
        });
        assertRefused("may tolerate the taint", () -> tenant.pods().inNamespace(namespace).withName(own.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editSpec().addNewToleration().withKey(DEDICATED).withOperator("Exists").endToleration()
                        .endSpec().build()));
    }

    @Test
    void theOperatorsCopyJobAndItsPodAreAdmittedAndTheTenantCannotTamperWithThem() {
        MigrationJob mj = Fixtures.migration("photos", namespace);
        CopierConfig copier = CopierConfig.of(Mode.COPY, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket());
        // With the chart's defaults: the toleration and the node selector of the dedicated nodes.
        Job built = CopierJob.build(mj, "photos-1", copier, TestConfigs.fromEnv(RenderedChart.render(Map.of()).operatorEnv()));
        assertEquals(Map.of(DEDICATED, "true"), built.getSpec().getTemplate().getSpec().getNodeSelector());
        assertEquals(DEDICATED, built.getSpec().getTemplate().getSpec().getTolerations().get(0).getKey());

        assertRefused("only the s3-migration-operator's ServiceAccount", () -> dryRun(tenant, built));
        Job job = operator.resource(built).create();

        Pod fromTemplate = new PodBuilder().withNewMetadata().withName("photos-1-x7k2p").withNamespace(namespace)
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).build();
        assertRefused("only the s3-migration-operator's copy pods", () -> dryRun(tenant, fromTemplate));
        Pod unlabelled = new PodBuilder(fromTemplate).editMetadata().withName("photos-1-unlabelled").withLabels(Map.of()).endMetadata().build();
        assertRefused("only the s3-migration-operator's copy pods", () -> dryRun(jobController, unlabelled));
        Pod copyPod = jobController.resource(fromTemplate).create();

        String name = copyPod.getMetadata().getName();
        assertRefused("may tolerate the taint", () -> tenant.pods().inNamespace(namespace).withName(name).edit(p -> {
            p.getSpec().getContainers().get(0).setImage("tenant/own-image");
            return p;
        }));
        assertRefused("may tolerate the taint", () -> tenant.pods().inNamespace(namespace).withName(name).edit(p -> {
            p.getMetadata().getLabels().remove("app.kubernetes.io/name"); // out of its NetworkPolicy's selector
            return p;
        }));
        assertRefused("may tolerate the taint", () -> tenant.pods().inNamespace(namespace).withName(name).ephemeralContainers()
                .edit(p -> new PodBuilder(p).editSpec().addNewEphemeralContainer().withName("debug").withImage("busybox")
                        .endEphemeralContainer().endSpec().build()));
        assertRefused("may tolerate the taint", () -> tenant.batch().v1().jobs().inNamespace(namespace).withName("photos-1")
                .edit(j -> {
                    j.getSpec().setActiveDeadlineSeconds(30L * 24 * 3600);
                    return j;
                }));
        // Metadata only, as the garbage collector and the Job controller write: passes.
        admin.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p).editMetadata()
                .addToAnnotations("test/touched", "yes").endMetadata().build());
    }
}
