package io.s3migration.operator.progress;

import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;

import java.util.Optional;

/**
 * What one copier pod told us: its termination message (the {@link Summary}, once it has exited) and the
 * tail of its log (progress lines). Either may be missing or garbled; the readers below never throw.
 */
public record CopierPodReport(String podName, String podPhase, String terminationMessage, Integer exitCode, String logTail) {

    public static final CopierPodReport NONE = new CopierPodReport(null, null, null, null, null);

    /** The summary from the termination message, else from the log's last lines. */
    public Optional<Summary> summary() {
        Optional<Summary> fromMessage = ProtocolJson.readSummary(terminationMessage);
        if (fromMessage.isPresent() || logTail == null) {
            return fromMessage;
        }
        String[] lines = logTail.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Optional<Summary> s = ProtocolJson.readSummary(lines[i]);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /** The newest counters: the summary's if the run ended, else the newest progress line. */
    public Optional<Progress> progress() {
        Optional<Progress> fromSummary = ProtocolJson.readSummary(terminationMessage).map(Summary::progress);
        return fromSummary.isPresent() ? fromSummary : ProtocolJson.newestProgress(logTail);
    }

    public boolean running() {
        return "Running".equals(podPhase);
    }
}
