package io.s3migration.protocol;

import java.util.Arrays;

/** The copier's exit codes; the operator maps them (with the summary) to the MigrationJob's phase. */
public enum ExitCode {
    /** Everything copied, skipped as identical, or (verify) matched. */
    SUCCEEDED(0),
    /** The run could not go on: credentials, bucket, endpoint, archived object with onArchivedObject=fail. */
    FATAL(1),
    /** The inputs are invalid (missing or malformed setting); nothing was contacted. */
    INVALID_INPUT(2),
    /** The run finished but some objects failed (or, in verify mode, are missing or mismatched). */
    PARTIAL(3),
    /** The pre-flight check failed: the source cannot be listed or the destination cannot be written. */
    PREFLIGHT_FAILED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code for a process status, or {@link #FATAL} for any code the copier does not use (killed, OOM). */
    public static ExitCode of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst().orElse(FATAL);
    }
}
