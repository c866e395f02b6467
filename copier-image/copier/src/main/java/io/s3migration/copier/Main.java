package io.s3migration.copier;

import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.protocol.CheckpointFile;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.Summary;

import java.nio.file.Path;
import java.util.Map;

import static io.s3migration.protocol.CopierSettings.DEFAULT_TERMINATION_LOG;
import static io.s3migration.protocol.CopierSettings.TERMINATION_LOG;

/**
 * The copier process: settings from the environment (and a newer checkpoint from {@link CheckpointFile}), credentials
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
            String checkpointDir = env.get(CheckpointFile.DIRECTORY_ENV);
            if (checkpointDir != null && !checkpointDir.isBlank()) {
                config = CheckpointFile.resume(config, Path.of(checkpointDir));
            }
        } catch (IllegalArgumentException e) {
            String path = env.getOrDefault(TERMINATION_LOG.variable(), DEFAULT_TERMINATION_LOG);
            Summary summary = Copier.finish(Copier.invalidInput(null, e.getMessage()),
                    new Output(System.out, Scrubber.generic()), path);
            System.exit(summary.exitCode().code());
            return;
        }
        Summary summary = Copier.run(config, System.out);
        System.exit(summary.exitCode().code());
    }
}
