package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.progress.CopierPods;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.resources.CopierServiceAccount;
import io.s3migration.operator.resources.CredentialsSecret;
import io.s3migration.operator.resources.EgressNetworkPolicy;
import io.s3migration.operator.resources.Labels;
import io.s3migration.operator.resources.Plan;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Observe, decide ({@link Phases}), act. The owned resources are JOSDK dependents in an explicitly invoked
 * workflow: the copier Job depends on its ServiceAccount, credentials Secret and NetworkPolicy and is only
 * ever created, never updated.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(type = CopierServiceAccount.class, name = MigrationJobReconciler.SERVICE_ACCOUNT),
        @Dependent(type = CredentialsSecret.class, name = MigrationJobReconciler.CREDENTIALS),
        @Dependent(type = EgressNetworkPolicy.class, name = MigrationJobReconciler.EGRESS),
        @Dependent(type = CopierJob.class, name = MigrationJobReconciler.JOB,
                dependsOn = {MigrationJobReconciler.SERVICE_ACCOUNT, MigrationJobReconciler.CREDENTIALS, MigrationJobReconciler.EGRESS})
})
public class MigrationJobReconciler implements Reconciler<MigrationJob> {
    static final String SERVICE_ACCOUNT = "copier-service-account";
    static final String CREDENTIALS = "credentials-secret";
    static final String EGRESS = "egress-network-policy";
    static final String JOB = "copier-job";
    private static final Logger LOG = Logger.getLogger(MigrationJobReconciler.class);

    @Inject
    OperatorConfig config;

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
        MigrationJobStatus current = mj.getStatus() == null ? MigrationJobStatus.EMPTY : mj.getStatus();
        String jobName = current.jobName() != null ? current.jobName() : CopierJob.copyName(mj, 1);

        Optional<Job> job = context.getSecondaryResources(Job.class).stream()
                .filter(j -> jobName.equals(j.getMetadata().getName())).findFirst();
        Optional<Pod> pod = CopierPods.newestOf(jobName, context.getSecondaryResources(Pod.class));
        boolean podRunning = pod.map(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).orElse(false);
        JobState jobState = JobState.of(job, podRunning);
        boolean terminalAlready = current.phase() != null && current.phase().isTerminal();
        CopierPodReport report = pod.filter(p -> !terminalAlready)
                .map(p -> CopierPods.report(client, p, jobState.kind() != JobState.Kind.WAITING, config.progress().logTailLines()))
                .orElse(CopierPodReport.NONE);
        TenantCredentials.Result credentials = terminalAlready
                ? TenantCredentials.Result.problem("Done", "not needed")
                : TenantCredentials.resolve(mj.getSpec(),
                        name -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get()));

        Instant now = Instant.now();
        Phases.Decision decision = Phases.decide(new Phases.Observation(
                mj.getMetadata().getGeneration() == null ? 0 : mj.getMetadata().getGeneration(),
                current, credentials, jobName, jobState, report, now));

        if (decision.applyResources()) {
            new Plan(config, credentials.data(), jobName, copierConfig(mj)).storeIn(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        if (decision.deleteCredentials()) {
            client.secrets().inNamespace(namespace).withName(CredentialsSecret.name(mj)).delete();
        }
        decision.event().ifPresent(e -> {
            LOG.infof("MigrationJob %s/%s: %s %s", namespace, mj.getMetadata().getName(), decision.status().phase(), e.reason());
            KubeEvents.emit(client, mj, e, now);
        });

        UpdateControl<MigrationJob> control;
        if (decision.status().equals(current)) {
            control = UpdateControl.noUpdate();
        } else {
            mj.setStatus(decision.status());
            control = UpdateControl.patchStatus(mj);
        }
        if (!decision.terminal()) {
            control.rescheduleAfter(config.progress().pollInterval());
        }
        return control;
    }

    /** The copier's inputs for a copy run, built only through the protocol's factory and withers. */
    static CopierConfig copierConfig(MigrationJob mj) {
        var spec = mj.getSpec();
        CopierConfig copier = CopierConfig.of(Mode.COPY, spec.source().toBucket(), spec.destination().toBucket());
        if (spec.options().concurrency() != null) {
            copier = copier.withConcurrency(spec.options().concurrency());
        }
        return copier;
    }
}
