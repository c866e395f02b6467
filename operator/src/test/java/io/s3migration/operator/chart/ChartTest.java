package io.s3migration.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.s3migration.operator.config.SchedulingSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Helm chart, linted and rendered by the Helm that helm-java bundles (offline). */
class ChartTest {
    private static final String FULLNAME = "s3m-s3-migration-operator";

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(Repository.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
    }

    @Test
    void defaultsRenderAHardenedSingleReplicaOperatorWithClusterWideRbac() {
        RenderedChart chart = RenderedChart.render(Map.of());

        Deployment deployment = chart.deployment();
        assertEquals(NAMESPACE, deployment.getMetadata().getNamespace());
        assertEquals(1, deployment.getSpec().getReplicas());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(FULLNAME, pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container operator = pod.getContainers().get(0);
        assertEquals("s3migration/operator:0.1.0", operator.getImage());
        assertTrue(operator.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(operator.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), operator.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/q/health/live", operator.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", operator.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/started", operator.getStartupProbe().getHttpGet().getPath());
        assertEquals("/tmp", operator.getVolumeMounts().get(0).getMountPath());
        assertEquals("512Mi", operator.getResources().getLimits().get("memory").toString());

        Map<String, String> env = chart.operatorEnv();
        assertEquals("JOSDK_ALL_NAMESPACES", env.get("QUARKUS_OPERATOR_SDK_NAMESPACES"));
        assertEquals("s3migration/copier:0.1.0", env.get("S3MIGRATION_COPIER_IMAGE"));
        assertEquals(List.of(new TolerationBuilder().withKey("s3migration.io/dedicated").withOperator("Equal").withValue("true")
                        .withEffect("NoSchedule").build()),
                SchedulingSettings.tolerations(Optional.of(env.get("S3MIGRATION_SCHEDULING_TOLERATIONS"))));
        assertFalse(env.containsKey("S3MIGRATION_SCHEDULING_AFFINITY"), "no affinity by default");
        assertEquals("s3migration.io/dedicated=true", env.get("S3MIGRATION_SCHEDULING_NODE_SELECTOR"),
                "copy pods pinned to the dedicated nodes, whose taint they tolerate");
        assertFalse(env.containsKey("S3MIGRATION_POLICY_ALLOWED_ENDPOINTS"), "no allowlist by default");
        assertEquals("7d", env.get("S3MIGRATION_JOB_ACTIVE_DEADLINE"));
        assertEquals("2", env.get("S3MIGRATION_JOB_BACKOFF_LIMIT"));
        assertEquals("1Gi", env.get("S3MIGRATION_COPIER_MEMORY_LIMIT"));

        assertEquals(FULLNAME, chart.one(ServiceAccount.class, FULLNAME).getMetadata().getName());
        ClusterRole operatorRole = chart.one(ClusterRole.class, FULLNAME);
        // Its rules, verb by verb: operatorRulesAreLeastPrivilege.
        assertNoRuleGrants(operatorRole.getRules(), "*");
        assertNoRuleGrants(operatorRole.getRules(), "nodes");
        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, FULLNAME);
        assertEquals(FULLNAME, binding.getRoleRef().getName());
        assertEquals(NAMESPACE, binding.getSubjects().get(0).getNamespace());
        assertEquals(Set.of(FULLNAME + "-leader-election", FULLNAME + "-start-ledger"), chart.all(Role.class).stream()
                        .map(r -> r.getMetadata().getName()).collect(Collectors.toSet()),
                "cluster-wide by default: only the operator's own namespace has Roles");
        Role lease = chart.one(Role.class, FULLNAME + "-leader-election");
        assertEquals(NAMESPACE, lease.getMetadata().getNamespace());
        assertVerbs(lease.getRules(), "coordination.k8s.io", "leases", "get", "update", "patch");
        assertEquals(List.of(io.s3migration.operator.observe.LeaderElection.LEASE), lease.getRules().get(1).getResourceNames(),
                "the operator's Lease (observe/LeaderElection.LEASE) and no other");

        // The daily quota's ledger: the one ConfigMap, in the operator's namespace only (create cannot name it).
        Role ledger = chart.one(Role.class, FULLNAME + "-start-ledger");
        assertEquals(NAMESPACE, ledger.getMetadata().getNamespace());
        assertEquals(List.of("create"), ledger.getRules().get(0).getVerbs());
        assertTrue(ledger.getRules().get(0).getResourceNames() == null || ledger.getRules().get(0).getResourceNames().isEmpty());
        assertEquals(List.of("get", "update"), ledger.getRules().get(1).getVerbs());
        assertEquals(List.of(io.s3migration.operator.resources.StartLedgerConfigMap.NAME), ledger.getRules().get(1).getResourceNames(),
                "the ledger ConfigMap (resources/StartLedgerConfigMap.NAME) and no other");
        assertEquals(List.of("configmaps"), ledger.getRules().stream().flatMap(r -> r.getResources().stream()).distinct().toList());
        assertEquals(FULLNAME + "-start-ledger", chart.one(RoleBinding.class, FULLNAME + "-start-ledger").getRoleRef().getName());

        ClusterRole admin = chart.one(ClusterRole.class, "s3migration-admin");
        assertEquals("true", admin.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-admin"));
        assertEquals(Set.of("rbac.authorization.k8s.io/aggregate-to-admin"), admin.getMetadata().getLabels().keySet().stream()
                .filter(l -> l.startsWith("rbac.authorization.k8s.io/aggregate-to-")).collect(Collectors.toSet()),
                "DESIGN §5: launching migrations is for namespace admins only, not aggregated into edit");
        assertVerbs(admin.getRules(), "s3migration.io", "migrationjobs", "create", "delete", "patch", "get", "list", "watch");
        assertNoRuleGrants(admin.getRules(), "secrets");
        ClusterRole viewer = chart.one(ClusterRole.class, "s3migration-viewer");
        assertEquals("true", viewer.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-view"));
        assertEquals(Set.of("get", "list", "watch"), viewer.getRules().stream()
                .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet()), "viewers only read");

        assertTrue(chart.kind("ServiceMonitor").isEmpty(), "ServiceMonitor is opt-in");
        assertEquals(1, chart.kind("Service").size(), "metrics Service");
    }

    /**
     * Every permission the operator's rules may grant, and why; the chart grants exactly these (cluster-wide by
     * default, per watched namespace with watchNamespaces). A new verb needs a reason here first.
     */
    static final Map<String, Map<String, String>> JUSTIFIED = Map.ofEntries(
            Map.entry("s3migration.io/migrationjobs", Map.of(
                    "get", "read a MigrationJob (get adds nothing to list)",
                    "list", "the primary informer", "watch", "the primary informer",
                    "patch", "the finalizer: a deleted MigrationJob that ran is abandoned, its tenant Secrets purged first")),
            Map.entry("s3migration.io/migrationjobs/status", Map.of(
                    "patch", "status is all the operator writes of a MigrationJob (server-side apply)",
                    "update", "status writes without server-side apply")),
            Map.entry("s3migration.io/migrationjobs/finalizers", Map.of(
                    "update", "blockOwnerDeletion on owned objects where OwnerReferencesPermissionEnforcement is on")),
            Map.entry("/secrets", Map.of(
                    "get", "the tenant's credential Secrets and the operator's <name>-credentials, by name (no informer)",
                    "create", "<name>-credentials (immutable: new keys replace it, delete + create)",
                    "delete", "<name>-credentials when the run ends or the keys change; tenant Secrets marked as migration"
                            + " credentials with credentialsRetention DeleteWhenDone")),
            Map.entry("/serviceaccounts", owned("the copy pod's own ServiceAccount")),
            // The start ledger in the operator's namespace has a Role of its own (also with watchNamespaces); see above.
            Map.entry("/configmaps", Map.of("get", "the checkpoint ConfigMap (get adds nothing to list)",
                    "list", "label-selected informer of checkpoint ConfigMaps", "watch", "label-selected informer of checkpoint ConfigMaps",
                    "create", "the checkpoint ConfigMap", "update", "the checkpoint ConfigMap (JOSDK applies ConfigMaps without SSA)")),
            // list also finds a tenant's policy that would reopen the copy pod's egress (EgressBypass), namespace by namespace
            Map.entry("networking.k8s.io/networkpolicies", owned("the copy pod's egress NetworkPolicy")),
            Map.entry("batch/jobs", withDelete(owned("the pre-flight and copy Jobs"), "pause and cancel stop a copy by deleting its Job")),
            Map.entry("/pods", Map.of("get", "a copy pod", "list", "the copy-pod informer", "watch", "the copy-pod informer")),
            Map.entry("/pods/log", Map.of("get", "progress lines from the copy pod's log")),
            Map.entry("/events", Map.of("create", "Events on MigrationJobs")));

    private static Map<String, String> owned(String what) {
        return Map.of("get", what + " (get adds nothing to list)", "list", "label-selected informer of " + what,
                "watch", "label-selected informer of " + what, "create", "server-side apply of " + what,
                "patch", "server-side apply of " + what);
    }

    private static Map<String, String> withDelete(Map<String, String> verbs, String why) {
        Map<String, String> all = new java.util.HashMap<>(verbs);
        all.put("delete", why);
        return all;
    }

    @Test
    void operatorRulesAreLeastPrivilege() {
        RenderedChart clusterWide = RenderedChart.render(Map.of());
        assertEquals(grantsOf(JUSTIFIED), grants(clusterWide.one(ClusterRole.class, FULLNAME).getRules()),
                "the operator's ClusterRole grants exactly the justified verbs");
        RenderedChart namespaced = RenderedChart.render(values("watchNamespaces", List.of("team-a")));
        Role role = namespaced.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(FULLNAME)).findFirst().orElseThrow();
        assertEquals(grantsOf(JUSTIFIED), grants(role.getRules()), "the same rules per watched namespace");

        // Secrets, in any cluster-scoped rule the chart ships (the tenant roles too): no list/watch (that would be
        // every Secret in the cluster), no update/deletecollection, and writes only where justified above.
        for (ClusterRole clusterRole : clusterWide.all(ClusterRole.class)) {
            Set<String> onSecrets = clusterRole.getRules().stream()
                    .filter(r -> (r.getApiGroups().contains("") || r.getApiGroups().contains("*"))
                            && (r.getResources().contains("secrets") || r.getResources().contains("*")))
                    .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
            Set<String> allowed = clusterRole.getMetadata().getName().equals(FULLNAME) ? JUSTIFIED.get("/secrets").keySet() : Set.of();
            assertTrue(allowed.containsAll(onSecrets), () -> "ClusterRole " + clusterRole.getMetadata().getName()
                    + " grants " + onSecrets + " on secrets; justified: " + allowed);
            assertFalse(onSecrets.contains("list") || onSecrets.contains("watch"), "no ClusterRole lists or watches Secrets");
        }
    }

    private static Set<String> grantsOf(Map<String, Map<String, String>> justified) {
        return justified.entrySet().stream().flatMap(e -> e.getValue().keySet().stream().map(verb -> e.getKey() + " " + verb))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** "group/resource verb" for every pair a rule set grants; a wildcard or resourceNames fails (never justified). */
    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new java.util.TreeSet<>();
        for (PolicyRule rule : rules) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), "unexpected resourceNames: " + rule);
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertFalse(group.equals("*") || resource.equals("*") || verb.equals("*"), "a wildcard: " + rule);
                        grants.add(group + "/" + resource + " " + verb);
                    }
                }
            }
        }
        return grants;
    }

    @Test
    void nonDefaultValuesReachTheDeploymentAndScopeRbacToTheWatchedNamespaces() {
        RenderedChart chart = RenderedChart.render(values(
                "replicaCount", 3,
                "image.tag", "1.2.3",
                "copier.image.repository", "registry.example/s3m/copier",
                "copier.image.tag", "1.2.3",
                "copier.resources.limits.memory", "4Gi",
                "copier.activeDeadline", "12h",
                "watchNamespaces", List.of("team-a", "team-b"),
                "migrationNodes.nodeSelector", withoutDefault(Map.of("s3migration.io/pool", "migration", "disk", "ssd")),
                "migrationNodes.tolerations", List.of(
                        Map.of("key", "s3migration.io/dedicated", "operator", "Exists", "effect", "NoSchedule"),
                        Map.of("key", "spot", "value", "yes"),
                        Map.of("key", "node.kubernetes.io/unreachable", "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 600)),
                "migrationNodes.affinity", Map.of("podAntiAffinity", Map.of("preferredDuringSchedulingIgnoredDuringExecution", List.of(
                        Map.of("weight", 100, "podAffinityTerm", Map.of("topologyKey", "kubernetes.io/hostname",
                                "labelSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "s3migration-copier"))))))),
                "quotas.maxConcurrentPerNamespace", 5,
                "quotas.maxStartedPerNamespacePerDay", 0,
                "platform.storage.endpoint", "https://storage.platform.example",
                "endpoints.allowlist", List.of("https://storage.platform.example", "*.internal.example"),
                "destinations.allowed", List.of("https://storage.platform.example"),
                "egress.allowedCidrs", List.of("10.20.0.0/16"),
                "metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.labels", Map.of("release", "prometheus"),
                "extraEnv", List.of(Map.of("name", "QUARKUS_LOG_CATEGORY__IO_FABRIC8__LEVEL", "value", "DEBUG"))));

        Deployment deployment = chart.deployment();
        assertEquals(3, deployment.getSpec().getReplicas());
        assertEquals("s3migration/operator:1.2.3", deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        Map<String, String> env = chart.operatorEnv();
        assertEquals("team-a,team-b", env.get("QUARKUS_OPERATOR_SDK_NAMESPACES"));
        assertEquals("registry.example/s3m/copier:1.2.3", env.get("S3MIGRATION_COPIER_IMAGE"));
        assertEquals("4Gi", env.get("S3MIGRATION_COPIER_MEMORY_LIMIT"));
        assertEquals("12h", env.get("S3MIGRATION_JOB_ACTIVE_DEADLINE"));
        assertEquals("disk=ssd,s3migration.io/pool=migration", env.get("S3MIGRATION_SCHEDULING_NODE_SELECTOR"),
                "the default label removed with null, the platform's own labels in its place");
        assertEquals(List.of(
                        new TolerationBuilder().withKey("s3migration.io/dedicated").withOperator("Exists").withEffect("NoSchedule").build(),
                        new TolerationBuilder().withKey("spot").withValue("yes").build(),
                        new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                                .withTolerationSeconds(600L).build()),
                SchedulingSettings.tolerations(Optional.of(env.get("S3MIGRATION_SCHEDULING_TOLERATIONS"))),
                "Kubernetes tolerations as written, tolerationSeconds included");
        Affinity affinity = SchedulingSettings.affinity(Optional.of(env.get("S3MIGRATION_SCHEDULING_AFFINITY")));
        WeightedPodAffinityTerm spread = affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
        assertEquals(100, spread.getWeight());
        assertEquals("kubernetes.io/hostname", spread.getPodAffinityTerm().getTopologyKey());
        assertEquals(Map.of("app.kubernetes.io/name", "s3migration-copier"), spread.getPodAffinityTerm().getLabelSelector().getMatchLabels());
        assertEquals("5", env.get("S3MIGRATION_QUOTA_MAX_CONCURRENT_PER_NAMESPACE"));
        assertEquals("0", env.get("S3MIGRATION_QUOTA_MAX_STARTED_PER_NAMESPACE_PER_DAY"), "0 = no limit is kept, not dropped");
        assertEquals("https://storage.platform.example", env.get("S3MIGRATION_PLATFORM_STORAGE_ENDPOINT"));
        assertEquals("https://storage.platform.example,*.internal.example", env.get("S3MIGRATION_POLICY_ALLOWED_ENDPOINTS"));
        assertEquals("https://storage.platform.example", env.get("S3MIGRATION_POLICY_ALLOWED_DESTINATIONS"));
        assertEquals("10.20.0.0/16", env.get("S3MIGRATION_EGRESS_ALLOWED_CIDRS"));
        assertEquals("DEBUG", env.get("QUARKUS_LOG_CATEGORY__IO_FABRIC8__LEVEL"));

        assertTrue(chart.all(ClusterRole.class).stream().noneMatch(r -> r.getMetadata().getName().equals(FULLNAME)),
                "no cluster-wide operator role when namespaces are listed");
        assertTrue(chart.all(ClusterRoleBinding.class).isEmpty());
        for (String namespace : List.of("team-a", "team-b")) {
            Role role = chart.all(Role.class).stream()
                    .filter(r -> r.getMetadata().getName().equals(FULLNAME) && namespace.equals(r.getMetadata().getNamespace()))
                    .findFirst().orElseThrow(() -> new AssertionError("no operator Role in " + namespace));
            assertVerbs(role.getRules(), "batch", "jobs", "create", "delete", "get", "list", "watch");
            RoleBinding binding = chart.all(RoleBinding.class).stream()
                    .filter(b -> namespace.equals(b.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertEquals(NAMESPACE, binding.getSubjects().get(0).getNamespace(), "binds the operator's ServiceAccount");
        }

        HasMetadata monitor = chart.kind("ServiceMonitor").get(0);
        assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
    }

    /** {@code entries} plus the chart's default dedicated label set to null, which Helm reads as "remove it". */
    private static Map<String, Object> withoutDefault(Map<String, String> entries) {
        Map<String, Object> selector = new java.util.HashMap<>(entries);
        selector.put("s3migration.io/dedicated", null);
        return selector;
    }

    @Test
    void dedicatedNodePoliciesRenderByDefaultWithTheTaintAndLabelKeysAndExemptTheSystemAndReleaseNamespaces() {
        RenderedChart chart = RenderedChart.render(Map.of());
        List<HasMetadata> policies = chart.kind("ValidatingAdmissionPolicy");
        List<HasMetadata> bindings = chart.kind("ValidatingAdmissionPolicyBinding");
        assertEquals(List.of(FULLNAME + "-dedicated-nodes-pods", FULLNAME + "-dedicated-nodes-workloads", FULLNAME + "-dedicated-nodes-cronjobs",
                        FULLNAME + "-copy-pod-egress", FULLNAME + "-copy-pod-exec"),
                policies.stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals(policies.stream().map(p -> p.getMetadata().getName()).toList(),
                bindings.stream().map(b -> ((ValidatingAdmissionPolicyBinding) b).getSpec().getPolicyName()).toList(), "one binding per policy");
        Map<String, String> pods = variables(chart, "pods");
        assertTrue(pods.get("tolerates").contains("in [\"s3migration.io/dedicated\"]"), pods.get("tolerates"));
        assertTrue(pods.get("selects").contains("k in [\"s3migration.io/dedicated\"]"), pods.get("selects"));
        assertTrue(pods.get("allowed").contains("request.userInfo.username in [\"system:serviceaccount:kube-system:job-controller\"]"),
                "the Job controller creates the copy pods: " + pods.get("allowed"));
        assertTrue(variables(chart, "workloads").get("allowed").contains(
                "request.userInfo.username == 'system:serviceaccount:" + NAMESPACE + ":" + FULLNAME + "'"),
                "the operator's ServiceAccount may create the copy Jobs");
        for (ValidatingAdmissionPolicyBinding binding : chart.all(ValidatingAdmissionPolicyBinding.class)) {
            var exempt = binding.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions().get(0);
            assertEquals(List.of("kube-system", "kube-public", "kube-node-lease", NAMESPACE), exempt.getValues(),
                    "system namespaces (DaemonSets tolerating every taint) and the release namespace are not policed");
            assertEquals(List.of("Deny"), binding.getSpec().getValidationActions());
        }
        assertTrue(RenderedChart.render(values("admissionPolicy.enabled", false)).kind("ValidatingAdmissionPolicy").isEmpty());
        RenderedChart noDedicatedNodes = RenderedChart.render(values("migrationNodes.tolerations", List.of(),
                "migrationNodes.nodeSelector", withoutDefault(Map.of())));
        assertEquals(List.of(FULLNAME + "-copy-pod-egress", FULLNAME + "-copy-pod-exec"), noDedicatedNodes.kind("ValidatingAdmissionPolicy")
                .stream().map(p -> p.getMetadata().getName()).toList(), "no node policies without a taint or a label; the copy pods' guard stays");
        assertNull(noDedicatedNodes.operatorEnv().get("S3MIGRATION_SCHEDULING_NODE_SELECTOR"), "the default label is removable");
    }

    private static Map<String, String> variables(RenderedChart chart, String suffix) {
        return chart.one(ValidatingAdmissionPolicy.class, FULLNAME + "-dedicated-nodes-" + suffix).getSpec().getVariables().stream()
                .collect(Collectors.toMap(v -> v.getName(), v -> v.getExpression()));
    }

    @Test
    void switchesOffWhatAPlatformTeamProvidesItself() {
        RenderedChart chart = RenderedChart.render(values(
                "rbac.create", false, "rbac.tenantRoles", false,
                "serviceAccount.create", false, "serviceAccount.name", "platform-operator",
                "metrics.service", false, "migrationNodes.tolerations", List.of()));
        assertTrue(chart.all(ClusterRole.class).isEmpty());
        assertTrue(chart.all(Role.class).isEmpty());
        assertTrue(chart.all(ServiceAccount.class).isEmpty());
        assertTrue(chart.kind("Service").isEmpty());
        assertEquals("platform-operator", chart.deployment().getSpec().getTemplate().getSpec().getServiceAccountName());
        Map<String, String> env = chart.operatorEnv();
        assertNull(env.get("S3MIGRATION_SCHEDULING_TOLERATIONS"), "no tolerations: the variable is left out");
    }

    @Test
    void theDocumentedInstallPutsTheOperatorIntoARestrictedPodSecurityNamespace() throws Exception {
        // The chart does not create its namespace (Helm should not own it); its install instructions label it.
        for (var readme : List.of(Repository.CHART.resolve("README.md"), Repository.ROOT.resolve("README.md"))) {
            String text = Files.readString(readme);
            assertTrue(text.contains("kubectl label namespace s3migration-system pod-security.kubernetes.io/enforce=restricted"),
                    readme + " labels the operator's namespace for the restricted Pod Security Standard");
            assertFalse(text.contains("--create-namespace"), readme + ": a namespace Helm creates carries no labels");
        }
    }

    @Test
    void everyValueIsDocumentedInTheChartReadme() throws Exception {
        String readme = Files.readString(Repository.CHART.resolve("README.md"));
        Map<String, Object> values = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(Files.readString(Repository.CHART.resolve("values.yaml")), Map.class);
        List<String> undocumented = new java.util.ArrayList<>();
        leafPaths("", values, undocumented::add);
        undocumented.removeIf(path -> documented(readme, path));
        assertEquals(List.of(), undocumented, "values.yaml keys missing from the README's values table");
    }

    /** A key is documented when it, or a key above it, has a row: `copier.resources.limits` covers `.cpu`. */
    private static boolean documented(String readme, String path) {
        for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            if (readme.contains("`" + p + "`")) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static void leafPaths(String prefix, Map<String, Object> node, java.util.function.Consumer<String> into) {
        node.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                leafPaths(path, (Map<String, Object>) map, into);
            } else {
                into.accept(path);
            }
        });
    }

    private static void assertVerbs(List<PolicyRule> rules, String group, String resource, String... verbs) {
        Set<String> granted = rules.stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                        && (r.getResourceNames() == null || r.getResourceNames().isEmpty() || resource.equals("leases")))
                .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
        assertTrue(granted.containsAll(List.of(verbs)), () -> group + "/" + resource + " grants " + granted + ", expected " + List.of(verbs));
    }

    private static void assertNoRuleGrants(List<PolicyRule> rules, String resource) {
        assertTrue(rules.stream().noneMatch(r -> r.getResources().contains(resource) || r.getVerbs().contains("*")),
                () -> "a rule grants " + resource + " or *: " + rules);
    }
}
