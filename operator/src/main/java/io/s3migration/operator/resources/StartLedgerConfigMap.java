package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.reconcile.Quotas;
import io.s3migration.operator.reconcile.StartLedger;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daily quota's {@link StartLedger}, kept in the ConfigMap {@value #NAME} in the operator's own namespace: tenants
 * have no rights there, so deleting their MigrationJobs (or anything in their namespaces) cannot reset the count, and the
 * operator needs rights on this one ConfigMap only (the chart's Role {@code <release>-start-ledger}). Read by GET when a
 * migration asks to start; written with the ConfigMap's resourceVersion, so two writers never lose a start.
 */
public class StartLedgerConfigMap {
    public static final String NAME = "s3migration-start-ledger";
    private static final int ATTEMPTS = 5;

    private final String namespace;
    /** Starts this operator knows are in the ConfigMap: a reconcile that would record one again needs no read. */
    private final Set<Known> known = new HashSet<>();

    private record Known(String namespace, StartLedger.Start start) {
    }

    /** {@code namespace}: the operator's own (where its Lease is). */
    public StartLedgerConfigMap(String namespace) {
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** The starts recorded for {@code tenantNamespace}; none while the ConfigMap does not exist yet. */
    public List<StartLedger.Start> startsIn(KubernetesClient client, String tenantNamespace) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
        return map == null ? List.of() : StartLedger.parse(map.getData()).in(tenantNamespace);
    }

    /**
     * Records {@code start} unless it is there already (idempotent: every reconcile of a started migration may call it,
     * which also records a start made while this was failing, or before the operator kept a ledger); drops the starts
     * that left the window.
     */
    public synchronized void record(KubernetesClient client, String tenantNamespace, StartLedger.Start start, Instant now) {
        known.removeIf(k -> !Quotas.withinWindow(k.start().at(), now));
        Known key = new Known(tenantNamespace, start);
        if (known.contains(key)) {
            return;
        }
        var maps = client.configMaps().inNamespace(namespace);
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = maps.withName(NAME).get();
            StartLedger ledger = current == null ? StartLedger.EMPTY : StartLedger.parse(current.getData());
            if (ledger.has(tenantNamespace, start)) {
                break;
            }
            Map<String, String> data = ledger.with(tenantNamespace, start, now).data();
            try {
                if (current == null) {
                    maps.resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                            .withLabels(Map.of(Labels.NAME, "s3migration-operator", "app.kubernetes.io/component", "start-ledger"))
                            .endMetadata().withData(data).build()).create();
                } else {
                    current.setData(data);
                    maps.resource(current).update();   // with its resourceVersion: a concurrent write answers 409
                }
                break;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
        known.add(key);
    }
}
