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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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
        return ofJob(jobName, pods).max(NEWEST);
    }

    /** Set by Kubernetes on every pod of an Indexed Job. */
    public static final String COMPLETION_INDEX_LABEL = "batch.kubernetes.io/job-completion-index";

    /** The newest pod of each completion index of the given Indexed Job (a retried index has several). */
    public static Map<Integer, Pod> newestByIndex(String jobName, Collection<Pod> pods) {
        Map<Integer, Pod> newest = new TreeMap<>();
        ofJob(jobName, pods)
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

    private static Stream<Pod> ofJob(String jobName, Collection<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getLabels() != null && jobName.equals(p.getMetadata().getLabels().get(Labels.JOB)));
    }

    private static final Comparator<Pod> NEWEST = Comparator
            .comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName());

    /**
     * The pod's report; the log is read only when {@code withLog} (it costs an API call), from the container that
     * ended the pod ({@link #ended}).
     */
    public static CopierPodReport report(KubernetesClient client, Pod pod, boolean withLog, int tailLines) {
        Optional<ContainerStatus> ended = ended(pod);
        Optional<ContainerStateTerminated> terminated = ended.map(cs -> cs.getState().getTerminated());
        String container = ended.map(ContainerStatus::getName).orElse(CopierJob.CONTAINER);
        String log = null;
        if (withLog) {
            try {
                log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .inContainer(container).tailingLines(tailLines).getLog();
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

    /**
     * The container whose end says how the pod ended: an init container that failed (a parallel migration's pre-flight
     * checks run as one, and the copier container never starts after it), else the copier container once it ended.
     */
    static Optional<ContainerStatus> ended(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        Optional<ContainerStatus> failedInit = terminatedIn(pod.getStatus().getInitContainerStatuses())
                .filter(cs -> CopierJob.PREFLIGHT_CONTAINER.equals(cs.getName()))
                .filter(cs -> cs.getState().getTerminated().getExitCode() != null && cs.getState().getTerminated().getExitCode() != 0)
                .findFirst();
        return failedInit.or(() -> terminatedIn(pod.getStatus().getContainerStatuses())
                .filter(cs -> CopierJob.CONTAINER.equals(cs.getName())).findFirst());
    }

    private static Stream<ContainerStatus> terminatedIn(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream()
                .filter(cs -> cs.getState() != null && cs.getState().getTerminated() != null);
    }
}
