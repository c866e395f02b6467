package io.s3migration.copier;

import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.protocol.CheckpointFile;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.ProgressFormat;
import io.s3migration.protocol.ShardFiles;
import io.s3migration.protocol.Summary;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static io.s3migration.protocol.CopierSettings.DEFAULT_TERMINATION_LOG;
import static io.s3migration.protocol.CopierSettings.PROGRESS;
import static io.s3migration.protocol.CopierSettings.TERMINATION_LOG;

/**
 * The copier process: settings from the environment (a shard's range from {@link ShardFiles}, a newer checkpoint from
 * {@link CheckpointFile}), credentials
 * from files, the exit code from the summary.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        CopierConfig config;
        try {
            config = CopierEnv.read(env);
            // A shard of an Indexed Job: its own range, then its own checkpoint (every pod has the same env).
            Integer shard = ShardFiles.index(config, env.get(ShardFiles.INDEX_ENV));
            config = ShardFiles.resolve(config, shard);
            String checkpointDir = env.get(CheckpointFile.DIRECTORY_ENV);
            if (checkpointDir != null && !checkpointDir.isBlank()) {
                config = CheckpointFile.resume(config, Path.of(checkpointDir), shard);
            }
        } catch (IllegalArgumentException e) {
            String path = env.getOrDefault(TERMINATION_LOG.variable(), DEFAULT_TERMINATION_LOG);
            Summary summary = Copier.finish(Copier.invalidInput(null, e.getMessage()),
                    new Output(System.out, Scrubber.generic(), progressFormat(env.get(PROGRESS.variable()))), path);
            System.exit(summary.exitCode().code());
            return;
        }
        Summary summary = Copier.run(config, System.out, stdoutIsTerminal());
        System.exit(summary.exitCode().code());
    }

    /** What {@code S3M_PROGRESS} asks for when the other settings could not be read (JSON when it is malformed too). */
    private static ProgressFormat progressFormat(String value) {
        try {
            return ProgressFormat.valueOf(value == null || value.isBlank() ? "AUTO" : value.trim().toUpperCase(Locale.ROOT))
                    .resolve(stdoutIsTerminal());
        } catch (IllegalArgumentException e) {
            return ProgressFormat.JSON;
        }
    }

    /**
     * Whether stdout is a terminal: a console exists (JDK 17: only when stdin and stdout are terminals; never in a
     * pod without {@code tty: true}) and, on JDK 22 and later, where {@code System.console()} also answers for a
     * redirected stdout, {@code Console.isTerminal()} says so.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK < 22: a console is a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
