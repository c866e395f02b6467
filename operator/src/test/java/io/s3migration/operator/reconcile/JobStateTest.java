package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Job status (as the Job controller writes it) and the newest pod's phase to the phase machine's view. */
class JobStateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "no Job,                    false, -,        -, -, -, -,     -, ABSENT",
            "created without status,   true,  -,        -, -, -, -,     -, WAITING",
            "pod not seen yet,          true,  1,        0, 0, 0, -,     -, WAITING",
            "pod pending,               true,  1,        0, 0, 0, -,     Pending, WAITING",
            "pod running as seen,      true,  1,        0, 0, 0, -,     Running, RUNNING",
            "pod ready by count,       true,  1,        1, 0, 0, -,     -, RUNNING",
            "pod exited ok before the Job counted it,    true, 1, 0, 0, 0, -, Succeeded, RUNNING",
            "pod exited failing before the Job counted it, true, 1, 0, 0, 0, -, Failed, RUNNING",
            "pod exited before any Job status, true, -, -, -, -, -, Succeeded, RUNNING",
            "succeeded count,           true,  0,        0, 1, 0, -,     Succeeded, SUCCEEDED",
            "Complete condition,        true,  0,        0, 0, 0, Complete, -, SUCCEEDED",
            "Failed condition,          true,  0,        0, 0, 1, Failed, Failed, FAILED",
            "failures within backoff,   true,  1,        0, 0, 2, -,     -, WAITING",
            "retry pod pending,         true,  1,        0, 0, 1, -,     Pending, WAITING",
            "failures over backoff,     true,  0,        0, 0, 3, -,     Failed, FAILED",
    })
    void maps(String name, boolean exists, Integer active, Integer ready, Integer succeeded, Integer failed, String condition,
              String podPhase, JobState.Kind expected) {
        Optional<Job> job = Optional.empty();
        if (exists) {
            JobBuilder b = new JobBuilder().withNewMetadata().withName("m-1").endMetadata().withNewSpec().withBackoffLimit(2).endSpec();
            if (active != null) {
                b.withNewStatus().withActive(active).withReady(ready).withSucceeded(succeeded).withFailed(failed).endStatus();
            }
            if (condition != null) {
                b.editOrNewStatus().addToConditions(new JobConditionBuilder().withType(condition).withStatus("True").build()).endStatus();
            }
            job = Optional.of(b.build());
        }
        assertEquals(expected, JobState.of(job, podPhase).kind());
    }

    @ParameterizedTest(name = "Indexed Job of 3: {0} succeeded -> {1}")
    @CsvSource({"1, RUNNING", "2, RUNNING", "3, SUCCEEDED"})
    void anIndexedJobHasSucceededOnlyWhenEveryIndexHas(int succeeded, JobState.Kind expected) {
        // what the real Job controller reports while index 1 is retried after 0 and 2 are done (found on a kubelet node)
        Job job = new JobBuilder().withNewMetadata().withName("m-1").endMetadata()
                .withNewSpec().withCompletionMode("Indexed").withCompletions(3).withParallelism(3).withBackoffLimitPerIndex(2).endSpec()
                .withNewStatus().withActive(3 - succeeded).withReady(3 - succeeded).withSucceeded(succeeded).withFailed(1).endStatus()
                .build();
        assertEquals(expected, JobState.of(Optional.of(job), "Running").kind());
    }
}
