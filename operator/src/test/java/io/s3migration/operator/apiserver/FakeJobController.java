package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.Labels;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Plays the Job controller and the kubelet, which kube-api-test does not run: for every copier Job it creates the
 * pod from the Job's template, marks the copier container terminated with the summary the scenario chooses as its
 * termination message, and completes or fails the Job with the conditions a 1.34 API server insists on.
 */
public final class FakeJobController implements AutoCloseable {
    private final KubernetesClient client;
    private final Function<Job, Summary> outcome;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Job> informer;

    /** Every run ends as {@code outcome} says for its Job (see {@link #mode(Job)}); a null outcome keeps it running. */
    public FakeJobController(KubernetesClient client, Function<Job, Summary> outcome) {
        this.client = client;
        this.outcome = outcome;
        this.informer = client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        run(job);
                    }

                    @Override
                    public void onUpdate(Job oldJob, Job job) {
                        run(job);
                    }

                    @Override
                    public void onDelete(Job job, boolean unknownFinalState) {
                    }
                });
    }

    /** A successful run of any mode, with the counts a small copy would report. */
    public static Summary succeeded(Mode mode) {
        Progress progress = mode == Mode.COPY
                ? new Progress(true, 3, 3, 0, 0, 3072, 3072, 1024, "2025/c.jpg")
                : Progress.NONE;
        return new Summary(mode, ExitCode.SUCCEEDED, null, mode + " done", progress, List.of(),
                mode == Mode.VERIFY ? new io.s3migration.protocol.Verification(3, 0, 0, 3072) : null);
    }

    /** The copier mode the operator labelled the Job with. */
    public static Mode mode(Job job) {
        return Mode.valueOf(job.getMetadata().getLabels().getOrDefault(Labels.MODE, "copy").toUpperCase(Locale.ROOT));
    }

    /** Asks the outcome again for the Jobs in {@code namespace} still running: touching a Job re-runs the controller. */
    public void nudge(String namespace) {
        client.batch().v1().jobs().inNamespace(namespace).list().getItems().forEach(j -> Fixtures.retryingConflicts(
                () -> client.batch().v1().jobs().inNamespace(namespace).withName(j.getMetadata().getName()).edit(job -> {
                    Map<String, String> annotations = new HashMap<>(
                            job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations());
                    annotations.put("test/nudged", Instant.now().toString());
                    job.getMetadata().setAnnotations(annotations);
                    return job;
                })));
    }

    private void run(Job job) {
        String key = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
        if (job.getSpec().getSuspend() == Boolean.TRUE || handled.contains(key)) {
            return;
        }
        Summary summary = outcome.apply(job);
        // Null: left running (no pod, no status); the Job's next update event asks the outcome again.
        if (summary == null || !handled.add(key)) {
            return;
        }
        boolean ok = summary.exitCode() == ExitCode.SUCCEEDED;
        String started = Instant.now().toString();
        Pod pod = client.pods().resource(new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-fake0")
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                        .withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build()).create();
        // Status is a subresource on a real server: the kubelet's part is a second write.
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(ok ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(pod.getSpec().getContainers().get(0).getName())
                        .withImage(pod.getSpec().getContainers().get(0).getImage())
                        .withImageID("").withReady(false).withRestartCount(0)
                        .withNewState().withNewTerminated().withExitCode(summary.exitCode().code())
                        .withReason(ok ? "Completed" : "Error")
                        .withMessage(ProtocolJson.write(summary.fitTo(Summary.TERMINATION_MESSAGE_LIMIT)))
                        .withStartedAt(started).withFinishedAt(Instant.now().toString())
                        .endTerminated().endState()
                        .build())
                .build());
        client.pods().resource(pod).updateStatus();

        Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName()).get();
        String now = Instant.now().toString();
        JobStatusBuilder status = new JobStatusBuilder().withStartTime(started).withActive(0).withReady(0)
                .withSucceeded(ok ? 1 : 0).withFailed(ok ? 0 : 1);
        if (ok) {
            // 1.34 refuses Complete without SuccessCriteriaMet and without completionTime.
            status.withCompletionTime(now).withConditions(
                    condition("SuccessCriteriaMet", "CompletionsReached", now),
                    condition("Complete", "CompletionsReached", now));
        } else {
            status.withConditions(
                    condition("FailureTarget", "BackoffLimitExceeded", now),
                    condition("Failed", "BackoffLimitExceeded", now));
        }
        current.setStatus(status.build());
        client.batch().v1().jobs().resource(current).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(String type, String reason, String now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withMessage("set by the test's fake Job controller").withLastProbeTime(now).withLastTransitionTime(now)
                .build();
    }

    @Override
    public void close() {
        informer.close();
    }
}
