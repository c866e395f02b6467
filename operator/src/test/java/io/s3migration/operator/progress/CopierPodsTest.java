package io.s3migration.operator.progress;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CopierPodsTest {
    static final Summary DENIED = new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED, Reason.AccessDenied,
            "listing the source: Access Denied", Progress.NONE, List.of(), null);

    static ContainerStatus terminated(String name, int exitCode, String message) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(exitCode)
                .withMessage(message).endTerminated().endState().build();
    }

    static ContainerStatus waiting(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason("PodInitializing")
                .endWaiting().endState().build();
    }

    static Pod pod(List<ContainerStatus> init, List<ContainerStatus> containers) {
        return new PodBuilder().withNewMetadata().withName("big-preflight-abcde").withNamespace("ns").endMetadata()
                .withNewStatus().withPhase("Failed").withInitContainerStatuses(init).withContainerStatuses(containers).endStatus().build();
    }

    @Test
    void aFailedPreflightInitContainerIsHowThePodEndedWithItsReason() {
        Pod pod = pod(List.of(terminated(CopierJob.PREFLIGHT_CONTAINER, 3, ProtocolJson.write(DENIED))),
                List.of(waiting(CopierJob.CONTAINER)));
        CopierPodReport report = CopierPods.report(null, pod, false, 10);
        assertEquals(3, report.exitCode());
        assertEquals(Reason.AccessDenied, report.summary().orElseThrow().reason());
    }

    @Test
    void aPassedPreflightInitContainerLeavesTheCopierContainerToSayHowThePodEnded() {
        Summary planned = new Summary(Mode.PLAN, ExitCode.SUCCEEDED, null, "3 ranges", Progress.NONE, List.of(), null);
        Pod pod = pod(List.of(terminated(CopierJob.PREFLIGHT_CONTAINER, 0, "checks passed")),
                List.of(terminated(CopierJob.CONTAINER, 0, ProtocolJson.write(planned))));
        CopierPodReport report = CopierPods.report(null, pod, false, 10);
        assertEquals(0, report.exitCode());
        assertEquals(Mode.PLAN, report.summary().orElseThrow().mode());

        CopierPodReport stillPlanning = CopierPods.report(null, pod(List.of(terminated(CopierJob.PREFLIGHT_CONTAINER, 0, "ok")),
                List.of(waiting(CopierJob.CONTAINER))), false, 10);
        assertNull(stillPlanning.exitCode(), "the pod has not ended while the copier container has not");
    }
}
