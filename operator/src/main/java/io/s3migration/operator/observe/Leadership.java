package io.s3migration.operator.observe;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * What this replica does when it stops leading. JOSDK's default is {@code System.exit} inside its stop-leading
 * callback; on a SIGTERM that callback runs within Quarkus's shutdown hook, where {@code System.exit} blocks for good,
 * so the pod sat out its whole grace period holding the Lease and nobody led until the Lease expired. Instead:
 * <ul>
 * <li>hand the Lease back at once (JOSDK builds Fabric8's elector with {@code releaseOnCancel=false}, so nothing
 * else does), so another replica takes over at its next retry instead of after the lease duration;</li>
 * <li>leave only when leadership was lost while running (another replica may already reconcile), through Quarkus's
 * orderly exit, which never blocks the calling thread; during a shutdown the process is leaving anyway.</li>
 * </ul>
 */
@Singleton
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final String identity;
    private final IntConsumer exit;
    private volatile boolean shuttingDown;

    @Inject
    Leadership(KubernetesClient client) {
        this(client, identityOf(System.getenv("HOSTNAME")), Quarkus::asyncExit);
    }

    Leadership(KubernetesClient client, String identity, IntConsumer exit) {
        this.client = client;
        this.identity = identity;
        this.exit = exit;
    }

    /** The pod name as JOSDK would pick it, fixed here so the release can tell whether the Lease is still ours. */
    static String identityOf(String hostname) {
        return hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
    }

    String identity() {
        return identity;
    }

    LeaderCallbacks callbacks() {
        return new LeaderCallbacks(() -> LOG.infof("leading as %s", identity), this::stoppedLeading, leader -> { });
    }

    /**
     * Runs before the Quarkus Operator SDK's own observer stops the operator (default priority), so the stop-leading
     * callback that stop triggers knows it is part of a shutdown. Only where leader election made this bean exist.
     */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        shuttingDown = true;
    }

    void stoppedLeading() {
        boolean released = release();
        if (shuttingDown) {
            LOG.infof("stopped leading as %s for shutdown; Lease %s", identity, released ? "released" : "not held");
            return;
        }
        LOG.warnf("lost the Lease as %s; exiting so that only the new leader reconciles", identity);
        exit.accept(1);
    }

    /**
     * Hands the Lease back if this replica still holds it, as client-go's ReleaseOnCancel does: no holder and a
     * 1 s duration. Best effort: a failure only means the others wait for the Lease to expire, as before.
     */
    boolean release() {
        String namespace = client.getConfiguration().getNamespace();
        if (namespace == null) {
            return false;
        }
        LeaseLock lock = new LeaseLock(namespace, LeaderElection.LEASE, identity);
        try {
            LeaderElectionRecord held = lock.get(client);
            if (held == null || !identity.equals(held.getHolderIdentity())) {
                return false;
            }
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now, held.getLeaderTransitions()));
            return true;
        } catch (KubernetesClientException e) {
            // 409: someone else wrote the Lease since we read it, so it is not ours to release any more.
            LOG.debugf("could not release Lease %s/%s: %s", namespace, LeaderElection.LEASE, e.getMessage());
            return false;
        }
    }
}
