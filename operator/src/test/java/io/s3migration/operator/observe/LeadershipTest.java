package io.s3migration.operator.observe;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.LeaderElectionManager;
import io.javaoperatorsdk.operator.LeaderElectionManagers;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leader election as JOSDK runs it (its LeaderElectionManager, Fabric8's elector) with this operator's
 * configuration, against the mock API server: a stop hands the Lease back and never exits the JVM; a Lease lost while
 * running makes the replica leave through the (here recorded) orderly exit.
 */
@EnableKubernetesMockClient(crud = true)
class LeadershipTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private Leadership leadership;
    private ConfigurationService josdk;
    private LeaderElectionManager election;

    @BeforeEach
    void startLeading() {
        // JOSDK checks its Lease permissions first; the mock server has no RBAC to ask.
        SelfSubjectRulesReview allowed = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("*").build())
                .endStatus().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, allowed).always();
        client.resources(Lease.class).inNamespace(namespace()).withName(LeaderElection.LEASE).delete();

        leadership = new Leadership(client, "replica-a", exits::add);
        LeaderElection config = new LeaderElection(leadership);
        assertFalse(config.isExitOnStopLeading(), "JOSDK's own exit is System.exit, which deadlocks inside a shutdown");
        josdk = ConfigurationService.newOverriddenConfigurationService(o -> o
                .withKubernetesClient(client).withCloseClientOnStop(false).withLeaderElectionConfiguration(config));
        election = LeaderElectionManagers.of(josdk);
        election.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(holder()));
    }

    @AfterEach
    void stop() {
        election.stop();
        josdk.getExecutorServiceManager().stop(Duration.ZERO);
    }

    @Test
    void aShutdownReleasesTheLeaseAtOnceAndDoesNotExit() {
        leadership.onShutdown(null);
        long started = System.nanoTime();

        // In the order of JOSDK's Operator.stop: its executors (which run the elector's renewals) first.
        josdk.getExecutorServiceManager().stop(Duration.ZERO);
        election.stop();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "stop returns promptly");
        Lease lease = client.resources(Lease.class).inNamespace(namespace()).withName(LeaderElection.LEASE).get();
        assertEquals("", lease.getSpec().getHolderIdentity(), "released: the next replica need not wait for it to expire");
        assertEquals(1, lease.getSpec().getLeaseDurationSeconds());
        assertEquals(List.of(), exits, "a shutdown is already leaving: no exit requested");
    }

    @Test
    void aLeaseLostWhileRunningMakesTheReplicaLeaveWithoutTouchingTheNewHoldersLease() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        client.resources(Lease.class).inNamespace(namespace()).withName(LeaderElection.LEASE).edit(l -> {
            l.getSpec().setHolderIdentity("replica-b");
            l.getSpec().setRenewTime(now);
            l.getSpec().setAcquireTime(now);
            return l;
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> !exits.isEmpty());

        assertEquals(List.of(1), exits);
        assertEquals("replica-b", holder());
    }

    private static String namespace() {
        return client.getConfiguration().getNamespace();
    }

    private static String holder() {
        Lease lease = client.resources(Lease.class).inNamespace(namespace()).withName(LeaderElection.LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
