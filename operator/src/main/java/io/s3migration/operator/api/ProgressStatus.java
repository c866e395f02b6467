package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.s3migration.protocol.Progress;

/**
 * The copier's counters as shown to users. {@code objects} and {@code bytes} are preformatted for the printer
 * columns (kubectl cannot compute them from the numbers).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressStatus(
        long objectsTotal,
        long objectsCopied,
        long objectsSkipped,
        long objectsFailed,
        long bytesTotal,
        long bytesCopied,
        @JsonPropertyDescription("Objects done (copied, skipped or failed) of the total, in percent; set once the source is sized")
        Double percent,
        @JsonPropertyDescription("copied+skipped/total, for kubectl get")
        String objects,
        @JsonPropertyDescription("bytes copied/total in binary units, for kubectl get")
        String bytes) {

    /** The user-facing view of one copier progress report. */
    public static ProgressStatus of(Progress p) {
        Double percent = null;
        if (p.sizingComplete()) {
            percent = p.objectsTotal() > 0 ? Math.round(1000.0 * p.objectsDone() / p.objectsTotal()) / 10.0 : 100.0;
        }
        String total = p.sizingComplete() ? Long.toString(p.objectsTotal()) : "?";
        String bytesTotal = p.sizingComplete() ? Quantities.binary(p.bytesTotal()) : "?";
        return new ProgressStatus(p.objectsTotal(), p.objectsCopied(), p.objectsSkipped(), p.objectsFailed(),
                p.bytesTotal(), p.bytesCopied(), percent,
                (p.objectsCopied() + p.objectsSkipped()) + "/" + total,
                Quantities.binary(p.bytesCopied()) + "/" + bytesTotal);
    }
}
