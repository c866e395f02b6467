package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The copier Job's settings that come from the operator config, built without a cluster. */
class CopierJobTest {
    static final MigrationJob MJ = Fixtures.migration("photos", "team-a");

    static Job job(Mode mode, OperatorConfig config) {
        CopierConfig copier = CopierConfig.of(mode, MJ.getSpec().source().toBucket(), MJ.getSpec().destination().toBucket());
        return CopierJob.build(MJ, mode == Mode.PREFLIGHT ? "photos-preflight" : "photos-1", copier, config);
    }

    @Test
    void aPreflightGetsMinutesACopyDays() {
        OperatorConfig defaults = TestConfigs.of(Map.of());
        assertEquals(600L, job(Mode.PREFLIGHT, defaults).getSpec().getActiveDeadlineSeconds());
        assertEquals(7 * 24 * 3600L, job(Mode.COPY, defaults).getSpec().getActiveDeadlineSeconds());
        assertEquals(7 * 24 * 3600L, job(Mode.VERIFY, defaults).getSpec().getActiveDeadlineSeconds(), "verify reads everything");

        OperatorConfig set = TestConfigs.of(Map.of("s3migration.job.preflight-deadline", "3m", "s3migration.job.active-deadline", "12h"));
        assertEquals(180L, job(Mode.PREFLIGHT, set).getSpec().getActiveDeadlineSeconds());
        assertEquals(12 * 3600L, job(Mode.COPY, set).getSpec().getActiveDeadlineSeconds());
    }

    @Test
    void theCopierListsAsManyFailuresAsStatusKeeps() {
        assertEquals("20", env(job(Mode.COPY, TestConfigs.of(Map.of()))).get("S3M_MAX_FAILURES"));
        assertEquals("150", env(job(Mode.COPY, TestConfigs.of(Map.of("s3migration.progress.max-failures", "150")))).get("S3M_MAX_FAILURES"));
        assertEquals("150", env(job(Mode.VERIFY, TestConfigs.of(Map.of("s3migration.progress.max-failures", "150")))).get("S3M_MAX_FAILURES"),
                "a verify run lists its differences the same way");
        assertEquals("1000", env(job(Mode.COPY, TestConfigs.of(Map.of("s3migration.progress.max-failures", "5000")))).get("S3M_MAX_FAILURES"),
                "capped at what the copier accepts rather than failing every Job");
    }

    static Map<String, String> env(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }

    @Test
    void ownUserNamespaceOnlyWhenThePlatformSaysTheClusterHasThem() {
        assertNull(job(Mode.COPY, TestConfigs.of(Map.of())).getSpec().getTemplate().getSpec().getHostUsers(),
                "off by default: a cluster without user namespaces would refuse the pod");
        PodSpec pod = job(Mode.COPY, TestConfigs.of(Map.of("s3migration.copier.user-namespace", "true"))).getSpec().getTemplate().getSpec();
        assertEquals(Boolean.FALSE, pod.getHostUsers());
    }

    @Test
    void theChartsDefaultsReachTheJob() {
        OperatorConfig fromChart = TestConfigs.fromEnv(RenderedChart.render(Map.of()).operatorEnv());
        assertEquals(600L, job(Mode.PREFLIGHT, fromChart).getSpec().getActiveDeadlineSeconds());
        assertNull(job(Mode.COPY, fromChart).getSpec().getTemplate().getSpec().getHostUsers());
        OperatorConfig userNs = TestConfigs.fromEnv(RenderedChart.render(RenderedChart.values("copier.userNamespace", true)).operatorEnv());
        assertEquals(Boolean.FALSE, job(Mode.COPY, userNs).getSpec().getTemplate().getSpec().getHostUsers());
    }
}
