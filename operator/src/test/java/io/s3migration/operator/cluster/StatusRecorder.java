package io.s3migration.operator.cluster;

import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Samples a MigrationJob's status several times a second while a test drives it, as `kubectl get mj -w` shows it. */
final class StatusRecorder implements AutoCloseable {
    record Sample(Instant at, MigrationJobStatus status) {
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusRecorder(Tenant tenant, String name) {
        thread = new Thread(() -> {
            while (running) {
                try {
                    MigrationJob mj = tenant.get(name);
                    if (mj != null && mj.getStatus() != null) {
                        samples.add(new Sample(Instant.now(), mj.getStatus()));
                    }
                } catch (RuntimeException e) {
                    // An API hiccup (the operator pod being replaced does not affect the API server): sample again.
                }
                RealCluster.sleep(java.time.Duration.ofMillis(250));
            }
        }, "status-recorder-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The phases in the order they were seen, each run of equal phases once. */
    List<Phase> phases() {
        List<Phase> phases = new ArrayList<>();
        for (Sample sample : samples) {
            Phase phase = sample.status().phase();
            if (phase != null && (phases.isEmpty() || !Objects.equals(phases.get(phases.size() - 1), phase))) {
                phases.add(phase);
            }
        }
        return phases;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
