package io.s3migration.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The copier's last word: printed as the last stdout line and written to the termination-message file, which
 * Kubernetes caps at 4 KiB ({@link #fitTo(int)} keeps it under that by dropping failures and shortening text).
 */
public record Summary(
        String type,
        Mode mode,
        ExitCode exitCode,
        Reason reason,
        String message,
        Progress progress,
        List<Failure> failures,
        Verification verification,
        String reportKey) {

    public static final String TYPE = "summary";
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;
    private static final int MAX_TEXT = 512;

    public Summary {
        type = TYPE;
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public Summary(Mode mode, ExitCode exitCode, Reason reason, String message, Progress progress,
                   List<Failure> failures, Verification verification) {
        this(TYPE, mode, exitCode, reason, message, progress, failures, verification, null);
    }

    /** This summary naming the run's report ({@code S3M_REPORT_PREFIX}): its key in the destination bucket. */
    public Summary withReportKey(String key) {
        return new Summary(type, mode, exitCode, reason, message, progress, failures, verification, key);
    }

    /** This summary with another message (a note appended, say). */
    public Summary withMessage(String text) {
        return new Summary(type, mode, exitCode, reason, text, progress, failures, verification, reportKey);
    }

    /** A copy whose JSON is at most {@code limitBytes} long: shortens texts, then drops failures from the end. */
    public Summary fitTo(int limitBytes) {
        List<Failure> kept = new ArrayList<>();
        for (Failure f : failures) {
            kept.add(new Failure(shorten(f.key(), MAX_TEXT), shorten(f.error(), 200)));
        }
        Summary fitted = new Summary(TYPE, mode, exitCode, reason, shorten(message, MAX_TEXT), progress, kept, verification, reportKey);
        while (utf8Length(ProtocolJson.write(fitted)) > limitBytes && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
            fitted = new Summary(TYPE, mode, exitCode, reason, fitted.message(), progress, kept, verification, reportKey);
        }
        return fitted;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static String shorten(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
