package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.policy.EndpointAdmission;
import io.s3migration.operator.policy.PlatformLimits;
import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.config.CopierPodSettings;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.observe.MigrationMetrics;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.progress.CopierPods;
import io.s3migration.operator.progress.LogScrubber;
import io.s3migration.operator.resources.CaBundleConfigMap;
import io.s3migration.operator.resources.CheckpointConfigMap;
import io.s3migration.operator.resources.CopierInputs;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.resources.CopierServiceAccount;
import io.s3migration.operator.resources.CredentialsSecret;
import io.s3migration.operator.resources.EgressBypass;
import io.s3migration.operator.resources.EgressNetworkPolicy;
import io.s3migration.operator.resources.Labels;
import io.s3migration.operator.resources.Plan;
import io.s3migration.operator.resources.RangesConfigMap;
import io.s3migration.operator.resources.StartLedgerConfigMap;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.operator.resources.TenantSecretPurge;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;

/**
 * Observe, decide ({@link Phases}), act. The owned resources are JOSDK dependents in an explicitly invoked
 * workflow: a copier Job depends on its ServiceAccount, credentials Secret and NetworkPolicy and is only ever
 * created, never updated (pause sets the Job's {@code suspend}; resume starts a new attempt from the checkpoint).
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(type = CopierServiceAccount.class, name = MigrationJobReconciler.SERVICE_ACCOUNT),
        @Dependent(type = CredentialsSecret.class, name = MigrationJobReconciler.CREDENTIALS),
        @Dependent(type = EgressNetworkPolicy.class, name = MigrationJobReconciler.EGRESS),
        @Dependent(type = CheckpointConfigMap.class, name = MigrationJobReconciler.CHECKPOINT),
        // Only with a platform CA bundle; the Job does not wait for it (a skipped dependent would hold its dependents).
        @Dependent(type = CaBundleConfigMap.class, name = MigrationJobReconciler.CA_BUNDLE,
                reconcilePrecondition = CaBundleConfigMap.Configured.class),
        // Only once a parallel migration's plan has run; its pods cannot start without it (a required volume).
        @Dependent(type = RangesConfigMap.class, name = MigrationJobReconciler.RANGES,
                reconcilePrecondition = RangesConfigMap.Planned.class),
        @Dependent(type = CopierJob.class, name = MigrationJobReconciler.JOB,
                dependsOn = {MigrationJobReconciler.SERVICE_ACCOUNT, MigrationJobReconciler.CREDENTIALS, MigrationJobReconciler.EGRESS,
                        MigrationJobReconciler.CHECKPOINT})
})
public class MigrationJobReconciler implements Reconciler<MigrationJob>, Cleaner<MigrationJob> {
    static final String SERVICE_ACCOUNT = "copier-service-account";
    static final String CREDENTIALS = "credentials-secret";
    static final String EGRESS = "egress-network-policy";
    static final String CHECKPOINT = "checkpoint-config-map";
    static final String CA_BUNDLE = "ca-bundle-config-map";
    static final String RANGES = "ranges-config-map";
    static final String JOB = "copier-job";
    private static final Logger LOG = Logger.getLogger(MigrationJobReconciler.class);

    @Inject
    OperatorConfig config;

    @Inject
    EndpointAdmission endpoints;

    @Inject
    MigrationMetrics metrics;

    private final Admissions admissions = new Admissions();
    private StartLedgerConfigMap startLedger;

    @Override
    public List<EventSource<?, MigrationJob>> prepareEventSources(EventSourceContext<MigrationJob> context) {
        // Copier pods wake the reconciler when they start or exit; they are found by their migration label.
        var pods = InformerEventSourceConfiguration.from(Pod.class, MigrationJob.class)
                .withName("copier-pods")
                .withLabelSelector(Labels.MANAGED)
                .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(pod.getMetadata().getLabels().get(Labels.MIGRATION))
                        .map(name -> Set.of(new ResourceID(name, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<MigrationJob> reconcile(MigrationJob mj, Context<MigrationJob> context) {
        KubernetesClient client = context.getClient();
        String namespace = mj.getMetadata().getNamespace();
        String name = mj.getMetadata().getName();
        MigrationJobSpec spec = mj.getSpec();
        MigrationJobStatus current = mj.currentStatus();
        Phase phase = current.phase() == null ? Phase.Pending : current.phase();
        boolean notStarted = phase == Phase.Pending || phase == Phase.Queued;
        Instant now = Instant.now();

        TenantCredentials.Result credentials = phase.isTerminal()
                ? TenantCredentials.Result.NOT_READ
                : TenantCredentials.resolve(mj, secret -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(secret).get()));
        Optional<Job> job = Optional.ofNullable(current.jobName()).flatMap(jobName -> context.getSecondaryResources(Job.class).stream()
                .filter(j -> jobName.equals(j.getMetadata().getName())).findFirst());
        Optional<Pod> pod = Optional.ofNullable(current.jobName())
                .flatMap(jobName -> CopierPods.newestOf(jobName, context.getSecondaryResources(Pod.class)));
        JobState jobState = JobState.of(job, pod.map(p -> p.getStatus() == null ? null : p.getStatus().getPhase()).orElse(null));
        Observation.Switches switches = new Observation.Switches(spec.suspended(), spec.cancelled(), spec.onlyPreflight(),
                spec.verifiesAfterCopy(), spec.retention(), spec.manualTrigger(), spec.schedule());
        int parallelism = spec.shards();
        boolean readsPlan = Phases.readsPlan(phase, parallelism, jobState.kind());
        boolean readLog = Phases.readsLog(phase, switches, jobState.kind()) || readsPlan;
        // A plan prints one line per range: the tail must hold all of them (and the summary after them).
        int tailLines = readsPlan ? Math.max(config.progress().logTailLines(), 2 * MigrationJobSpec.MAX_PARALLELISM)
                : config.progress().logTailLines();
        Map<Integer, CopierPodReport> shardPods = new TreeMap<>();
        if (parallelism > 1 && current.jobName() != null && !phase.isTerminal()) {
            CopierPods.newestByIndex(current.jobName(), context.getSecondaryResources(Pod.class)).forEach((index, p) ->
                    shardPods.put(index, scrubbed(CopierPods.report(client, p, readLog, tailLines), credentials)));
        }
        // A parallel run's failure is that of its failed index: its pod's termination message says why.
        Optional<CopierPodReport> failedShard = shardPods.values().stream()
                .filter(r -> r.exitCode() != null && r.exitCode() != 0).findFirst();
        // The Job's newest pod is one of the shards' when there are any: its report is read already (a log read less).
        CopierPodReport report = failedShard.orElseGet(() -> pod.filter(p -> !phase.isTerminal())
                .map(p -> shardPods.values().stream().filter(r -> p.getMetadata().getName().equals(r.podName())).findFirst()
                        .orElseGet(() -> scrubbed(CopierPods.report(client, p, readLog, tailLines), credentials)))
                .orElse(CopierPodReport.NONE));
        boolean admitting = notStarted || phase == Phase.Paused;
        EndpointAdmission.Endpoints resolved = endpoints.resolve(spec);
        PlatformLimits limits = PlatformLimits.of(config.limits());
        Optional<Refusal> refusal = (notStarted ? CopierJob.checkName(name).or(() -> endpoints.check(resolved)) : Optional.<Refusal>empty())
                .or(() -> admitting && !spec.suspended() && !spec.cancelled()
                        ? limits.check(spec.options()).or(() -> egressBypass(client, mj)) : Optional.empty());
        boolean countsStarts = config.quota().maxStartedPerNamespacePerDay() > 0;
        // Only a first start counts against the daily limit: only then is the ledger read.
        List<StartLedger.Start> recorded = admitting && current.startTime() == null && countsStarts
                ? startLedger(client).startsIn(client, namespace) : List.of();
        Decision decision = admissions.decide(namespace, name, current.phase(), othersInNamespace(context, mj), now,
                others -> Phases.decide(new Observation(name,
                        mj.getMetadata().getGeneration() == null ? 0 : mj.getMetadata().getGeneration(), current,
                        switches, refusal, credentials, admitting
                                ? Quotas.admit(new Quotas.Limits(config.quota().maxConcurrentPerNamespace(),
                                        config.quota().maxStartedPerNamespacePerDay()), current.startTime() != null, others, recorded, now)
                                : Quotas.Admission.ALLOWED,
                        jobState, report, config.progress().maxFailures(), now, parallelism, shardPods)),
                d -> new Quotas.Usage(name, d.status().phase(), d.status().startTime()));

        act(mj, context, decision, credentials, resolved, limits);

        MigrationJobStatus next = decision.status();
        // Deleted MigrationJobs leave the phase gauge (no finalizer needed just for that).
        metrics.retainOnly(context.getPrimaryCache().list().map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()));
        if (!next.equals(current) && !StatusWrite.write(context, mj, next)) {
            // Decided from a version that has changed since: its acts are safe to repeat, its Events are not.
            return UpdateControl.<MigrationJob>noUpdate().rescheduleAfter(StatusWrite.RETRY_AFTER_CONFLICT);
        }
        // Only once the status is written: a decision made again (after a conflict) does not repeat its Events.
        metrics.observed(ResourceID.fromResource(mj), current, next);
        decision.events().forEach(e -> {
            LOG.infof("MigrationJob %s/%s: %s %s", namespace, name, next.phase(), e.reason());
            KubeEvents.emit(client, mj, e, now);
        });
        if (countsStarts) {
            recordStart(client, mj, next, now);
        }
        UpdateControl<MigrationJob> control = UpdateControl.noUpdate();
        // A trigger set while the pass ran: the end's status write wakes nobody, the next pass starts at the next poll.
        if (!decision.terminal() || next.passRequested(spec.manualTrigger())) {
            control.rescheduleAfter(config.progress().pollInterval());
        } else if (next.nextSyncTime() != null) {
            // Finished with a schedule: wake when the next pass is due (a spec edit wakes it sooner and decides again).
            control.rescheduleAfter(ScheduledPass.wakeAfter(next.nextSyncTime(), now));
        }
        return control;
    }

    /** Carries a decision out; every step is safe to repeat (create-only Jobs, deletes of what may be gone). */
    private void act(MigrationJob mj, Context<MigrationJob> context, Decision decision, TenantCredentials.Result credentials,
                     EndpointAdmission.Endpoints resolved, PlatformLimits limits) {
        KubernetesClient client = context.getClient();
        String namespace = mj.getMetadata().getNamespace();
        for (String jobName : decision.deleteJobs()) {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        decision.suspendJob().ifPresent(jobName -> client.batch().v1().jobs().inNamespace(namespace).withName(jobName)
                .edit(j -> {
                    j.getSpec().setSuspend(true);
                    return j;
                }));
        if (decision.applyResources() && credentials.ok() && resolved.invalid().isEmpty()) {
            // Without a Job to create the plan only re-applies the other resources (the Job is create-only) for the run's Job.
            Decision.JobToCreate job = decision.create().orElse(new Decision.JobToCreate(mj.currentStatus().jobName(), decision.runMode(),
                    null, CheckpointCounts.NONE));
            CopierConfig copier = CopierInputs.forPass(CopierInputs.of(limits.applyTo(mj.getSpec().options()), job.mode(), resolved.source(),
                            resolved.destination(), job.checkpoint(), job.countsBefore(), mj.getSpec().shards()), mj.getMetadata().getName(),
                    decision.status().passes(), decision.status().passStartTime(), mj.getSpec().reportPrefix());
            // The copier's own address guard: the NetworkPolicy's private ranges for the allowlisted endpoints only.
            new Plan(config, credentials.data(), job.name(), CaBundleConfigMap.trustedBy(endpoints.withAddressGuard(copier), config),
                    decision.status().checkpoint(), decision.status().shards())
                    .storeIn(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        if (decision.deleteCredentials()) {
            // Only the operator's own copy: a tenant's Secret that happens to have its name stays.
            var copy = client.secrets().inNamespace(namespace).withName(CredentialsSecret.name(mj));
            Optional.ofNullable(copy.get()).filter(s -> CredentialsSecret.ownedBy(s, mj)).ifPresent(s -> copy.delete());
        }
        if (decision.deleteTenantSecrets()) {
            purgeTenantSecrets(mj, context);
        }
    }

    /**
     * Deleting a MigrationJob abandons it: one that handed credentials to a copier pod and has not ended purges its
     * tenant Secrets as an end would ({@code DeleteWhenDone}). One deleted before any pod started leaves them: nothing
     * used them, and a MigrationJob is usually deleted then to be re-created corrected.
     */
    @Override
    public DeleteControl cleanup(MigrationJob mj, Context<MigrationJob> context) {
        MigrationJobStatus status = mj.currentStatus();
        boolean ended = status.finished(mj.getSpec().manualTrigger(), mj.getSpec().schedule());
        if (!ended && status.startTime() != null && mj.getSpec().retention() == CredentialsRetention.DeleteWhenDone) {
            purgeTenantSecrets(mj, context);
        }
        // Its metric series go now, not at the next reconcile of another MigrationJob (there may be none).
        ResourceID deleted = ResourceID.fromResource(mj);
        metrics.retainOnly(context.getPrimaryCache().list().map(ResourceID::fromResource)
                .filter(id -> !id.equals(deleted)).collect(java.util.stream.Collectors.toSet()));
        return DeleteControl.defaultDelete();
    }

    private static void purgeTenantSecrets(MigrationJob mj, Context<MigrationJob> context) {
        var secrets = context.getClient().secrets().inNamespace(mj.getMetadata().getNamespace());
        TenantSecretPurge.Plan plan = TenantSecretPurge.plan(mj, context.getPrimaryCache().list(mj.getMetadata().getNamespace()).toList(),
                name -> Optional.ofNullable(secrets.withName(name).get()));
        plan.delete().forEach(name -> secrets.withName(name).delete());
        if (!plan.delete().isEmpty() || !plan.kept().isEmpty()) {
            LOG.infof("MigrationJob %s/%s: tenant Secrets deleted %s, kept %s", mj.getMetadata().getNamespace(),
                    mj.getMetadata().getName(), plan.delete(), plan.kept());
        }
    }

    /**
     * A start goes into the operator's ledger once its status is written (the cache and the admissions in flight count
     * it until then), and again at every reconcile within the window, which is free once recorded and makes up for a
     * write that failed or an operator that stopped in between. A failed write holds no migration up: it is logged.
     */
    private void recordStart(KubernetesClient client, MigrationJob mj, MigrationJobStatus status, Instant now) {
        Instant started;
        try {
            started = status.startTime() == null ? null : Instant.parse(status.startTime());
        } catch (java.time.format.DateTimeParseException e) {
            return;
        }
        if (started == null || !Quotas.withinWindow(started, now)) {
            return;
        }
        StartLedgerConfigMap ledger = startLedger(client);
        try {
            ledger.record(client, mj.getMetadata().getNamespace(), new StartLedger.Start(mj.getMetadata().getName(), started), now);
        } catch (KubernetesClientException e) {
            LOG.warnf("MigrationJob %s/%s: its start could not be recorded in ConfigMap %s/%s, so the daily quota counts it only"
                            + " while the MigrationJob exists (retried at its next reconcile); the operator needs get/update on that"
                            + " ConfigMap and create on ConfigMaps there (the chart's Role <release>-start-ledger): %s",
                    mj.getMetadata().getNamespace(), mj.getMetadata().getName(), ledger.namespace(), StartLedgerConfigMap.NAME,
                    e.getMessage());
        }
    }

    /** In the operator's own namespace, the client's (where the leader-election Lease is too). */
    private synchronized StartLedgerConfigMap startLedger(KubernetesClient client) {
        if (startLedger == null) {
            startLedger = new StartLedgerConfigMap(client.getNamespace());
        }
        return startLedger;
    }

    /** Another NetworkPolicy of the namespace that would reopen the copy pod's egress: wait until it is narrowed. */
    private Optional<Refusal> egressBypass(KubernetesClient client, MigrationJob mj) {
        var policies = client.network().v1().networkPolicies().inNamespace(mj.getMetadata().getNamespace()).list().getItems();
        return EgressBypass.find(mj, CopierPodSettings.stringMap("s3migration.copier.pod-labels", config.copier().podLabels()), policies)
                .map(policy -> new Refusal(StatusReason.EgressWallBypassed, EgressBypass.message(policy)));
    }

    private static CopierPodReport scrubbed(CopierPodReport r, TenantCredentials.Result credentials) {
        return new CopierPodReport(r.podName(), r.podPhase(), r.terminationMessage(), r.exitCode(),
                LogScrubber.scrub(r.logTail(), secretValues(credentials)));
    }

    private static List<Quotas.Usage> othersInNamespace(Context<MigrationJob> context, MigrationJob self) {
        return context.getPrimaryCache().list(self.getMetadata().getNamespace())
                .filter(other -> !other.getMetadata().getName().equals(self.getMetadata().getName()))
                .map(other -> new Quotas.Usage(other.getMetadata().getName(), other.currentStatus().phase(), other.currentStatus().startTime()))
                .toList();
    }

    private static List<String> secretValues(TenantCredentials.Result credentials) {
        return credentials.data().values().stream()
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public ErrorStatusUpdateControl<MigrationJob> updateErrorStatus(MigrationJob mj, Context<MigrationJob> context, Exception e) {
        if (StatusWrite.isConflict(e)) {
            // Another write got there first (optimistic concurrency): decide again shortly, no error, no retry count.
            LOG.debugf("reconcile of MigrationJob %s/%s met a conflict; deciding again", mj.getMetadata().getNamespace(), mj.getMetadata().getName());
            return ErrorStatusUpdateControl.<MigrationJob>noStatusUpdate().rescheduleAfter(StatusWrite.RETRY_AFTER_CONFLICT);
        }
        metrics.reconcileFailed(ResourceID.fromResource(mj), mj.currentStatus());
        LOG.warnf("reconcile of MigrationJob %s/%s failed: %s", mj.getMetadata().getNamespace(), mj.getMetadata().getName(), e.toString());
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
