package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;

import java.util.Locale;

/**
 * The copier's counters as shown to users. {@code done}, {@code objects}, {@code bytes}, {@code rate} and {@code eta}
 * are preformatted for the printer columns (kubectl cannot compute them from the numbers).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressStatus(
        @JsonPropertyDescription("true once the copier has listed the whole source (totals are final)")
        boolean sizingComplete,
        @JsonPropertyDescription("Objects found at the source (so far, until sizingComplete)")
        long objectsTotal,
        @JsonPropertyDescription("Objects copied to the destination")
        long objectsCopied,
        @JsonPropertyDescription("Objects already at the destination with the same size and checksum, not copied again")
        long objectsSkipped,
        @JsonPropertyDescription("Objects that could not be copied (status.failures names the first ones)")
        long objectsFailed,
        @JsonPropertyDescription("Bytes found at the source (so far, until sizingComplete)")
        long bytesTotal,
        @JsonPropertyDescription("Bytes copied to the destination")
        long bytesCopied,
        @JsonPropertyDescription("Objects done (copied, skipped or failed) of the total, in percent; set once the source is sized")
        Double percent,
        @JsonPropertyDescription("Current transfer rate in bytes per second; 0 once finished")
        long bytesPerSecond,
        @JsonPropertyDescription("Seconds left at the current rate; set once the source is sized and bytes flow")
        Long etaSeconds,
        @JsonPropertyDescription("copied+skipped/total, for kubectl get")
        String objects,
        @JsonPropertyDescription("bytes copied/total in binary units, for kubectl get")
        String bytes,
        @JsonPropertyDescription("bytes per second in binary units, for kubectl get -o wide")
        String rate,
        @JsonPropertyDescription("time left, for kubectl get -o wide")
        String eta) {

    /** The user-facing view of one copier progress report. */
    public static ProgressStatus of(Progress p) {
        Double percent = null;
        Long etaSeconds = null;
        if (p.sizingComplete()) {
            percent = p.objectsTotal() > 0 ? Math.round(1000.0 * p.objectsDone() / p.objectsTotal()) / 10.0 : 100.0;
            long bytesLeft = Math.max(0, p.bytesTotal() - p.bytesCopied());
            if (bytesLeft == 0) {
                etaSeconds = 0L;
            } else if (p.bytesPerSecond() > 0) {
                etaSeconds = (bytesLeft + p.bytesPerSecond() - 1) / p.bytesPerSecond();
            }
        }
        String total = p.sizingComplete() ? Long.toString(p.objectsTotal()) : "?";
        String bytesTotal = p.sizingComplete() ? Quantities.binary(p.bytesTotal()) : "?";
        return new ProgressStatus(p.sizingComplete(), p.objectsTotal(), p.objectsCopied(), p.objectsSkipped(), p.objectsFailed(),
                p.bytesTotal(), p.bytesCopied(), percent, p.bytesPerSecond(), etaSeconds,
                (p.objectsCopied() + p.objectsSkipped()) + "/" + total,
                Quantities.binary(p.bytesCopied()) + "/" + bytesTotal,
                Quantities.binary(p.bytesPerSecond()) + "/s",
                etaSeconds == null ? null : Quantities.duration(etaSeconds));
    }

    /** The Progress column, {@code percent} with its unit; derived, written to status, ignored when read back. */
    @JsonProperty(value = "done", access = JsonProperty.Access.READ_ONLY)
    @JsonPropertyDescription("percent with its unit (42.5%), for kubectl get; set once the source is sized")
    public String done() {
        return percent == null ? null : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** What these counts hand to a run that resumes from the checkpoint written with them. */
    public CheckpointCounts checkpointCounts() {
        return new CheckpointCounts(objectsCopied, objectsSkipped, objectsFailed, bytesCopied);
    }

    /** Final counts: nothing is flowing any more. */
    public ProgressStatus finished() {
        return new ProgressStatus(sizingComplete, objectsTotal, objectsCopied, objectsSkipped, objectsFailed, bytesTotal,
                bytesCopied, percent, 0, null, objects, bytes, null, null);
    }
}
