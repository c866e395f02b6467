package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.config.CopierPodSettings;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.SchedulingSettings;
import io.s3migration.protocol.CheckpointFile;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The copier run: created once under a deterministic name and never updated (create-only), so a repeated
 * reconcile or an operator restart can never start a second copy. The pod is locked down as DESIGN §3 says:
 * dedicated nodes, no API token, restricted security context, credentials as read-only files, env only from
 * {@link CopierEnv#write} (nothing secret).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class CopierJob extends KubernetesDependentResource<Job, MigrationJob>
        implements Creator<Job, MigrationJob>, GarbageCollected<MigrationJob> {

    public static final String CONTAINER = "copier";
    public static final String CREDENTIALS_VOLUME = "credentials";
    public static final String TMP_VOLUME = "tmp";
    public static final String CHECKPOINT_VOLUME = "checkpoint";
    public static final String CA_BUNDLE_VOLUME = "ca-bundle";
    public static final String RANGES_VOLUME = "ranges";
    public static final String RANGES_DIR = "/var/run/s3migration/ranges";
    /** spec.parallelism > 1: the pre-flight check runs first, as an init container of the pod that then plans. */
    public static final String PREFLIGHT_CONTAINER = "preflight";
    /** Spreads a parallel migration's pods over the dedicated nodes; one node still runs them all. */
    public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";
    public static final String CHECKPOINT_DIR = "/var/run/s3migration/checkpoint";
    /** A fixed non-root identity; the image needs no particular user, and fsGroup lets it read the credential files. */
    public static final long RUN_AS_USER = 65532L;
    /** Owner and group may read the credential files, nobody else. */
    public static final int CREDENTIALS_FILE_MODE = 0440;

    public CopierJob() {
        super(Job.class);
    }

    public static final String PREFLIGHT_SUFFIX = "-preflight";
    /** Job names and the label values that carry them are at most 63 characters. */
    public static final int MAX_NAME_LENGTH = 63 - PREFLIGHT_SUFFIX.length();

    /** The pre-flight run of a MigrationJob's first pass. */
    public static String preflightName(String migration) {
        return migration + PREFLIGHT_SUFFIX;
    }

    /**
     * The pre-flight run of pass {@code pass}: the first keeps its name, later ones are {@code -p<pass>} (short, like
     * {@link #verifyName}, and covered by the chart's copy-pod exec guard).
     */
    public static String preflightName(String migration, int pass) {
        return pass <= 1 ? preflightName(migration) : migration + "-p" + pass;
    }

    /** The copy run of the given attempt (resuming after a pause is a new attempt). */
    public static String copyName(String migration, int attempt) {
        return migration + "-" + attempt;
    }

    /**
     * The verify run after copy attempt {@code attempt}. Short (the name limit leaves 10 characters for a suffix), and
     * ending in {@code -v<n>} so that its pods fall under the chart's copy-pod exec guard like the others.
     */
    public static String verifyName(String migration, int attempt) {
        return migration + "-v" + attempt;
    }

    /** A refusal for names whose Jobs and labels Kubernetes would reject. */
    public static Optional<Refusal> checkName(String migration) {
        return migration.length() <= MAX_NAME_LENGTH ? Optional.empty() : Optional.of(new Refusal(StatusReason.NameTooLong,
                "the name is " + migration.length() + " characters long; MigrationJob names may have at most " + MAX_NAME_LENGTH
                        + " (the copier Job is named after it): re-create it with a shorter name"));
    }

    public static Job build(MigrationJob mj, String jobName, CopierConfig spec, OperatorConfig config) {
        CopierConfig copier = withOperatorSettings(spec, config);
        int shards = mj.getSpec().shards();
        // The platform's labels first, the operator's over them: the NetworkPolicy selects the pod by these.
        Map<String, String> podLabels = new HashMap<>(CopierPodSettings.stringMap("s3migration.copier.pod-labels",
                config.copier().podLabels()));
        podLabels.putAll(Labels.copierPod(mj));
        podLabels.put(Labels.JOB, jobName);
        podLabels.put(Labels.MODE, copier.mode().name().toLowerCase(Locale.ROOT));
        Map<String, String> jobLabels = new HashMap<>(Labels.of(mj));
        jobLabels.put(Labels.MODE, copier.mode().name().toLowerCase(Locale.ROOT));
        boolean indexed = shards > 1 && copier.mode() != Mode.PREFLIGHT;
        var job = new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(jobLabels)
                .endMetadata()
                .withNewSpec();
        if (indexed) {
            // One pod per key range; a failed range is retried alone, and one that exhausts its retries fails the Job
            // (maxFailedIndexes 0): the migration fails with that range's reason rather than finishing without it.
            job = job.withCompletionMode("Indexed").withCompletions(shards).withParallelism(shards)
                    .withBackoffLimitPerIndex(config.job().backoffLimit()).withMaxFailedIndexes(0);
        } else {
            job = job.withBackoffLimit(config.job().backoffLimit());
        }
        var podFailurePolicy = job
                // Invalid settings (2) and a failed pre-flight (4) fail the same way on every retry: stop at once.
                // A node drain or preemption is not the copier's failure and costs no retry.
                .withNewPodFailurePolicy()
                .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
                .withValues(failAtOnce(copier.mode())).endOnExitCodes().endRule();
        if (shards > 1 && copier.mode() == Mode.PREFLIGHT) {
            podFailurePolicy = podFailurePolicy.addNewRule().withAction("FailJob").withNewOnExitCodes()
                    .withContainerName(PREFLIGHT_CONTAINER).withOperator("In").withValues(failAtOnce(Mode.PREFLIGHT))
                    .endOnExitCodes().endRule();
        }
        return podFailurePolicy
                .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
                .endOnPodCondition().endRule()
                .endPodFailurePolicy()
                .withActiveDeadlineSeconds(deadline(copier.mode(), config.job()).toSeconds())
                .withTtlSecondsAfterFinished((int) config.job().ttlAfterFinished().toSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations(config)).endMetadata()
                .withSpec(podSpec(mj, jobName, copier, config, shards))
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Exit codes a retry cannot change. A verify run that found differences (partial) finds them again: it fails at
     * once rather than listing both buckets again {@code backoffLimit} times; a copy's partial failure may pass on retry.
     */
    static Integer[] failAtOnce(Mode mode) {
        return mode == Mode.VERIFY
                ? new Integer[]{ExitCode.INVALID_INPUT.code(), ExitCode.PARTIAL.code(), ExitCode.PREFLIGHT_FAILED.code()}
                : new Integer[]{ExitCode.INVALID_INPUT.code(), ExitCode.PREFLIGHT_FAILED.code()};
    }

    /** A pre-flight that hangs (a black-holed endpoint) must not hold a node and a quota slot for days. */
    /**
     * The copier settings that come from the operator's own configuration, not from the MigrationJob: the summary
     * names as many failed objects as status.failures may hold ({@code progress.maxFailures}, which the chart's
     * schema bounds to what the copier accepts; a value set past it by hand is capped rather than failing every Job).
     */
    static CopierConfig withOperatorSettings(CopierConfig copier, OperatorConfig config) {
        int maxFailures = Math.max(0, Math.min(CopierSettings.MAX_FAILURES_LIMIT, config.progress().maxFailures()));
        return copier.with(CopierSettings.MAX_FAILURES, maxFailures);
    }

    static java.time.Duration deadline(Mode mode, OperatorConfig.Job job) {
        return mode == Mode.PREFLIGHT ? job.preflightDeadline() : job.activeDeadline();
    }

    private static PodSpec podSpec(MigrationJob mj, String jobName, CopierConfig copier, OperatorConfig config, int shards) {
        PodSpecBuilder pod = new PodSpecBuilder();
        if (shards > 1 && copier.mode() == Mode.PREFLIGHT) {
            // The checks first; the plan (the pod's main container, whose log the operator reads) only once they passed.
            // Same pod: same credentials, NetworkPolicy, hardening and deadline, and no extra Job or phase.
            pod.withInitContainers(new ContainerBuilder(container(copier, config.copier()))
                    .withName(PREFLIGHT_CONTAINER).build());
            copier = copier.with(CopierSettings.MODE, Mode.PLAN).with(CopierSettings.SHARDS, shards);
        } else if (shards > 1) {
            copier = copier.with(CopierSettings.RANGES_DIR, RANGES_DIR);
            pod.addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(HOSTNAME_TOPOLOGY)
                    .withWhenUnsatisfiable("ScheduleAnyway")
                    .withNewLabelSelector().addToMatchLabels(Labels.JOB, jobName).endLabelSelector()
                    .endTopologySpreadConstraint();
        }
        return pod
                .withRestartPolicy("Never")
                // Off by default: a cluster without user namespaces refuses such a pod.
                .withHostUsers(config.copier().userNamespace() ? Boolean.FALSE : null)
                .withServiceAccountName(CopierServiceAccount.name(mj))
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNodeSelector(SchedulingSettings.nodeSelector(config.scheduling().nodeSelector().orElse(List.of())))
                .withTolerations(SchedulingSettings.tolerations(config.scheduling().tolerations()))
                .withAffinity(SchedulingSettings.affinity(config.scheduling().affinity()))
                .withImagePullSecrets(CopierPodSettings.pullSecrets(config.copier().imagePullSecrets()))
                .withPriorityClassName(config.copier().priorityClassName().filter(p -> !p.isBlank()).orElse(null))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withRunAsGroup(RUN_AS_USER)
                .withFsGroup(RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(copier, config.copier()))
                .withVolumes(volumes(mj, copier, config))
                .build();
    }

    private static Map<String, String> podAnnotations(OperatorConfig config) {
        Map<String, String> annotations = CopierPodSettings.stringMap("s3migration.copier.pod-annotations", config.copier().podAnnotations());
        return annotations.isEmpty() ? null : annotations;
    }

    private static List<Volume> volumes(MigrationJob mj, CopierConfig copier, OperatorConfig config) {
        List<Volume> volumes = new ArrayList<>(List.of(
                new VolumeBuilder().withName(CREDENTIALS_VOLUME)
                        .withNewSecret().withSecretName(CredentialsSecret.name(mj)).withDefaultMode(CREDENTIALS_FILE_MODE).endSecret()
                        .build(),
                new VolumeBuilder().withName(TMP_VOLUME)
                        .withNewEmptyDir().withSizeLimit(new Quantity(config.copier().tmpSize())).endEmptyDir()
                        .build()));
        if (copier.get(CopierSettings.CA_BUNDLE) != null) {
            volumes.add(new VolumeBuilder().withName(CA_BUNDLE_VOLUME)
                    .withNewConfigMap().withName(CaBundleConfigMap.name(mj)).endConfigMap()
                    .build());
        }
        if (copier.get(CopierSettings.RANGES_DIR) != null) {
            // Not optional: a shard without its range must not start (it would copy everything).
            volumes.add(new VolumeBuilder().withName(RANGES_VOLUME)
                    .withNewConfigMap().withName(RangesConfigMap.name(mj)).endConfigMap()
                    .build());
        }
        if (copier.mode() == Mode.COPY) {
            // Optional: a pod started before the operator wrote the ConfigMap resumes from the Job's own checkpoint.
            volumes.add(new VolumeBuilder().withName(CHECKPOINT_VOLUME)
                    .withNewConfigMap().withName(CheckpointConfigMap.name(mj)).withOptional(true).endConfigMap()
                    .build());
        }
        return volumes;
    }

    private static Container container(CopierConfig copier, OperatorConfig.Copier settings) {
        List<EnvVar> env = new ArrayList<>(CopierEnv.write(copier).entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList());
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder().withName(CREDENTIALS_VOLUME).withMountPath(copier.get(CopierSettings.CREDENTIALS_DIR)).withReadOnly(true).build(),
                new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build()));
        if (copier.get(CopierSettings.CA_BUNDLE) != null) {
            mounts.add(new VolumeMountBuilder().withName(CA_BUNDLE_VOLUME).withMountPath(CaBundleConfigMap.MOUNT_DIR).withReadOnly(true).build());
        }
        if (copier.get(CopierSettings.RANGES_DIR) != null) {
            mounts.add(new VolumeMountBuilder().withName(RANGES_VOLUME).withMountPath(RANGES_DIR).withReadOnly(true).build());
        }
        if (copier.mode() == Mode.COPY) {
            env.add(new EnvVar(CheckpointFile.DIRECTORY_ENV, CHECKPOINT_DIR, null));
            mounts.add(new VolumeMountBuilder().withName(CHECKPOINT_VOLUME).withMountPath(CHECKPOINT_DIR).withReadOnly(true).build());
        }
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withEnv(env)
                .withNewResources()
                .addToRequests("cpu", new Quantity(settings.cpuRequest()))
                .addToRequests("memory", new Quantity(settings.memoryRequest()))
                .addToLimits("cpu", new Quantity(settings.cpuLimit()))
                .addToLimits("memory", new Quantity(settings.memoryLimit()))
                .endResources()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withVolumeMounts(mounts)
                .withTerminationMessagePath(copier.get(CopierSettings.TERMINATION_LOG))
                .withTerminationMessagePolicy("File")
                .build();
    }

    @Override
    protected Job desired(MigrationJob mj, Context<MigrationJob> context) {
        Plan plan = Plan.from(context);
        return build(mj, plan.jobName(), plan.copier(), plan.config());
    }
}
