package io.s3migration.operator.progress;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.resources.Labels;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a copier pod through the API (termination message from pod status, log tail from {@code pods/log}),
 * so the copier itself needs no API access.
 */
public final class CopierPods {
    private static final Logger LOG = Logger.getLogger(CopierPods.class);

    private CopierPods() {
    }

    /** The newest pod of the given Job among the watched pods. */
    public static Optional<Pod> newestOf(String jobName, Collection<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getLabels() != null && jobName.equals(p.getMetadata().getLabels().get(Labels.JOB)))
                .max(NEWEST);
    }

    /** Set by Kubernetes on every pod of an Indexed Job. */
    public static final String COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";

    /** The newest pod of each completion index of the given Indexed Job (a retried index has several). */
    public static Map<Integer, Pod> newestByIndex(String jobName, Collection<Pod> pods) {
        Map<Integer, Pod> newest = new TreeMap<>();
        pods.stream()
                .filter(p -> p.getMetadata().getLabels() != null && jobName.equals(p.getMetadata().getLabels().get(Labels.JOB)))
                .filter(p -> p.getMetadata().getLabels().get(COMPLETION_INDEX_LABEL) != null)
                .forEach(p -> {
                    int index;
                    try {
                        index = Integer.parseInt(p.getMetadata().getLabels().get(COMPLETION_INDEX_LABEL));
                    } catch (NumberFormatException e) {
                        return;
                    }
                    newest.merge(index, p, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
                });
        return newest;
    }

    private static final Comparator<Pod> NEWEST = Comparator
            .comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName());

    /** The pod's report; the log is read only when {@code withLog} (it costs an API call). */
    public static CopierPodReport report(KubernetesClient client, Pod pod, boolean withLog, int tailLines) {
        Optional<ContainerStateTerminated> terminated = terminated(pod);
        String log = null;
        if (withLog) {
            try {
                log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .inContainer(CopierJob.CONTAINER).tailingLines(tailLines).getLog();
            } catch (KubernetesClientException e) {
                // The pod may be starting or gone; progress simply stays as it was.
                LOG.debugf("no log for pod %s/%s: %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getCode());
            }
        }
        return new CopierPodReport(pod.getMetadata().getName(),
                pod.getStatus() == null ? null : pod.getStatus().getPhase(),
                terminated.map(ContainerStateTerminated::getMessage).orElse(null),
                terminated.map(ContainerStateTerminated::getExitCode).orElse(null),
                log);
    }

    static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(cs -> CopierJob.CONTAINER.equals(cs.getName()))
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst();
    }
}
