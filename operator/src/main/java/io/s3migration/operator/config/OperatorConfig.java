package io.s3migration.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a platform team sets, under {@code s3migration.*} (env: {@code S3MIGRATION_*}). The Helm chart
 * renders these; nothing else configures the operator's behaviour.
 */
@ConfigMapping(prefix = "s3migration")
public interface OperatorConfig {

    Copier copier();

    Scheduling scheduling();

    Job job();

    Egress egress();

    Progress progress();

    Quota quota();

    Limits limits();

    Policy policy();

    Platform platform();

    Health health();

    interface Copier {
        /** The copier image the Job runs. */
        @WithDefault("ghcr.io/s3migration/copier:0.1.0")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /** Pull secrets of the copy pod: names of Secrets in the MigrationJob's namespace, where the pod runs. */
        Optional<List<String>> imagePullSecrets();

        /** Extra labels of the copy pod, a JSON object; the operator's own labels win ({@link CopierPodSettings}). */
        Optional<String> podLabels();

        /** Extra annotations of the copy pod, a JSON object (a service mesh's opt-out, a cost tag). */
        Optional<String> podAnnotations();

        /** PriorityClass of the copy pod; unset = the cluster's default. */
        Optional<String> priorityClassName();

        /**
         * PEM certificates the copier trusts besides the JVM's default CAs (a platform storage with a private CA);
         * handed to each copy pod as a ConfigMap ({@code CaBundleConfigMap}).
         */
        Optional<String> caBundle();

        @WithDefault("100m")
        String cpuRequest();

        @WithDefault("256Mi")
        String memoryRequest();

        @WithDefault("2")
        String cpuLimit();

        @WithDefault("1Gi")
        String memoryLimit();

        /** Size limit of the pod's /tmp emptyDir. */
        @WithDefault("64Mi")
        String tmpSize();

        /**
         * Run the copy pod in its own user namespace ({@code hostUsers: false}): root in the container is no user
         * on the node. Needs a cluster with user namespaces (Kubernetes 1.33+, or 1.30+ with the
         * UserNamespacesSupport gate; Linux 6.3+, a runtime with idmapped mounts); elsewhere the pod is refused.
         */
        @WithDefault("false")
        boolean userNamespace();
    }

    interface Scheduling {
        /** Node labels of the dedicated migration nodes, each {@code key=value}. */
        Optional<List<String>> nodeSelector();

        /**
         * Taints the copy pod tolerates: a JSON array of Kubernetes tolerations (key, operator, value, effect,
         * tolerationSeconds), parsed by {@link SchedulingSettings#tolerations}.
         */
        Optional<String> tolerations();

        /**
         * The copy pod's affinity: a JSON Kubernetes affinity object (nodeAffinity, podAffinity, podAntiAffinity),
         * parsed by {@link SchedulingSettings#affinity}; it applies on top of the node selector.
         */
        Optional<String> affinity();
    }

    interface Job {
        /** Pod retries before the Job fails (the copier skips what is already copied, so a retry is cheap). */
        @WithDefault("2")
        int backoffLimit();

        /** Hard limit on one copier run. */
        @WithDefault("7d")
        Duration activeDeadline();

        /** Hard limit on a pre-flight run (one listing page, one HEAD, one probe write): minutes, not days. */
        @WithDefault("10m")
        Duration preflightDeadline();

        /** How long a finished Job (and its pod, for {@code kubectl logs}) stays. */
        @WithDefault("1d")
        Duration ttlAfterFinished();
    }

    interface Egress {
        /** Extra destinations the copier may reach although they are private (the platform storage), as CIDRs. */
        Optional<List<String>> allowedCidrs();

        /** Namespace of the cluster DNS pods, the only place the copier may send DNS queries. */
        @WithDefault("kube-system")
        String dnsNamespace();

        /** Label of the cluster DNS pods, {@code key=value}. */
        @WithDefault("k8s-app=kube-dns")
        String dnsPodLabel();

        /**
         * Ports the copier may send DNS queries to, {@code PORT/PROTOCOL}: the DNS pods' own ports, as a
         * NetworkPolicy sees traffic after the Service's translation (OpenShift's listen on 5353).
         */
        @WithDefault("53/UDP,53/TCP")
        List<String> dnsPorts();

        /** DNS servers that are no pods, as CIDRs, on the same ports: NodeLocal DNSCache's 169.254.20.10/32. */
        Optional<List<String>> dnsCidrs();
    }

    interface Progress {
        /** How often status is refreshed while a copier runs, and Secrets are re-checked while Pending. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Log lines read from the copier pod per poll to find the newest progress line. */
        @WithDefault("20")
        int logTailLines();

        /** How many failed objects status.failures lists at most. */
        @WithDefault("20")
        int maxFailures();
    }

    interface Quota {
        /** Migrations per namespace whose pod may run at the same time (Preflight, Running or Verifying); 0 = no limit. */
        @WithDefault("2")
        int maxConcurrentPerNamespace();

        /** Migrations per namespace that may start within 24 hours; 0 = no limit. Resuming is not a start. */
        @WithDefault("10")
        int maxStartedPerNamespacePerDay();
    }

    /**
     * Default and maximum of two MigrationJob options, per migration; see {@code policy.PlatformLimits}. A maximum is
     * enforced by the chart's admission policy and again by the operator when a migration starts or resumes.
     */
    interface Limits {
        /** spec.options.bandwidthLimit (a quantity, bytes per second) of a migration that sets none; unset = the maximum, else unlimited. */
        Optional<String> bandwidthLimitDefault();

        /** The highest spec.options.bandwidthLimit a migration may set (a quantity); unset = no maximum. */
        Optional<String> bandwidthLimitMax();

        /** spec.options.concurrency of a migration that sets none; unset or 0 = the copier's 64, capped at the maximum. */
        OptionalInt concurrencyDefault();

        /** The highest spec.options.concurrency a migration may set; unset or 0 = no maximum (the CRD's 1024). */
        OptionalInt concurrencyMax();
    }

    /** The endpoint policy (SSRF first wall); see {@code policy.PolicySettings}. */
    interface Policy {
        /** Endpoints that skip the address checks (the platform's own storage): scheme://host[:port], host or *.domain. */
        Optional<List<String>> allowedEndpoints();

        /** Hosts that may be reached over plain http. */
        Optional<List<String>> allowedHttpHosts();

        /** When set, the only endpoints a destination may use. */
        Optional<List<String>> allowedDestinations();

        /** Networks refused besides the built-in private ranges: the cluster's service and pod CIDRs. */
        Optional<List<String>> blockedCidrs();
    }

    interface Platform {
        /** The platform storage endpoint a destination without endpoint uses. */
        Optional<String> storageEndpoint();
    }

    interface Health {
        /**
         * How long an informer (event source) may stay unhealthy before liveness and readiness fail: one
         * re-establishing its watch is unhealthy for about a second every few minutes.
         */
        @WithDefault("90s")
        Duration unhealthyGrace();
    }
}
