package io.s3migration.operator.progress;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Summary;

import java.util.List;
import java.util.Optional;

/**
 * What one copier pod told us: its termination message (the {@link Summary}, once it has exited) and the
 * tail of its log (progress and object-failed lines). Either may be missing or garbled; the readers below never throw.
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

    /**
     * The counts that go with the newest progress's checkpoint key: those of the newest progress line, none once
     * the run has ended (a summary) or when the copier sent none.
     */
    public Optional<CheckpointCounts> checkpointCounts() {
        if (ProtocolJson.readSummary(terminationMessage).isPresent()) {
            return Optional.empty();
        }
        return ProtocolJson.newestProgressLine(logTail).map(ProgressLine::checkpointCounts);
    }

    /** The failed objects the run named: its summary's list once it ended, else its object-failed lines so far. */
    public List<Failure> failures() {
        return summary().map(Summary::failures).orElseGet(() -> ProtocolJson.failuresIn(logTail));
    }

    /** The end of the log tail, short enough for status.logTail (the parsing above reads the whole tail). */
    public String statusLogTail() {
        return LogScrubber.forStatus(logTail);
    }

    /** The key ranges a plan run printed (spec.parallelism > 1). */
    public List<RangeLine> ranges() {
        return ProtocolJson.rangesIn(logTail);
    }

    public boolean running() {
        return "Running".equals(podPhase);
    }
}
