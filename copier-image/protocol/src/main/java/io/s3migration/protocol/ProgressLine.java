package io.s3migration.protocol;

/**
 * A progress line on the copier's stdout, about every two seconds: {@code msg} is for people running
 * {@code kubectl logs -f}, {@code progress} for the operator.
 */
public record ProgressLine(String type, String msg, Progress progress) {
    public static final String TYPE = "progress";

    public ProgressLine {
        type = TYPE;
    }

    public ProgressLine(String msg, Progress progress) {
        this(TYPE, msg, progress);
    }
}
