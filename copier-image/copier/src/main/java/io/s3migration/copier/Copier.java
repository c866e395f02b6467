package io.s3migration.copier;

import io.s3migration.copier.client.TrustedCertificates;
import io.s3migration.copier.errors.Classified;
import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.net.AddressPolicy;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.RunReport;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.copier.run.CopyRun;
import io.s3migration.copier.run.PlanRun;
import io.s3migration.copier.run.PreflightRun;
import io.s3migration.copier.run.VerifyRun;
import io.s3migration.copier.side.RunCredentials;
import io.s3migration.copier.side.Sides;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressFormat;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.s3migration.protocol.CopierSettings.CHECKPOINT;
import static io.s3migration.protocol.CopierSettings.CHECKPOINT_COUNTS;
import static io.s3migration.protocol.CopierSettings.CREDENTIALS_DIR;
import static io.s3migration.protocol.CopierSettings.PROGRESS;
import static io.s3migration.protocol.CopierSettings.TERMINATION_LOG;

/**
 * One copier run, in-process: reads the credential files, runs the mode, prints progress lines and the summary
 * to {@code out} (scrubbed) and writes the summary to the termination-message file. Never throws.
 */
public final class Copier {
    private Copier() {
    }

    /** A run whose stdout is no terminal: {@code S3M_PROGRESS=auto} means JSON lines. */
    public static Summary run(CopierConfig config, PrintStream out) {
        return run(config, out, false);
    }

    /** A run printing to {@code out}; {@code S3M_PROGRESS=auto} means a human line when {@code outIsTerminal}. */
    public static Summary run(CopierConfig config, PrintStream out, boolean outIsTerminal) {
        ProgressFormat format = config.get(PROGRESS).resolve(outIsTerminal);
        RunCredentials credentials;
        try {
            AddressPolicy.of(config); // reject a malformed allow or block list before any connection
            TrustedCertificates.check(config); // and an unreadable CA bundle
            credentials = RunCredentials.read(Path.of(config.get(CREDENTIALS_DIR)));
        } catch (IllegalArgumentException e) {
            return finish(invalidInput(config.mode(), e.getMessage()), new Output(out, Scrubber.generic(), format),
                    config.get(TERMINATION_LOG));
        }
        Scrubber scrubber = Scrubber.of(credentials.secrets(), credentials.accessKeys());
        Output output = new Output(out, scrubber, format);
        output.start(startMessage(config, credentials));
        Summary summary;
        try (Sides sides = Sides.connect(config, credentials);
             RunReport report = RunReport.open(config, scrubber, Instant.now())) {
            try {
                summary = switch (config.mode()) {
                    case COPY -> new CopyRun(sides, output, report).run();
                    case VERIFY -> new VerifyRun(sides, output, report).run();
                    case PREFLIGHT -> new PreflightRun(sides).run();
                    case PLAN -> new PlanRun(sides, output).run();
                };
            } catch (RuntimeException | Error e) {
                summary = fatal(config.mode(), e);
            }
            // After a fatal error too: the report then says how far the run got and why it stopped.
            summary = report.publish(summary, sides::destination);
        } catch (RuntimeException | Error e) {
            summary = fatal(config.mode(), e);
        }
        return finish(summary, output, config.get(TERMINATION_LOG));
    }

    private static Summary fatal(Mode mode, Throwable e) {
        Classified c = ErrorClassifier.classify(e);
        ExitCode code = mode == Mode.PREFLIGHT ? ExitCode.PREFLIGHT_FAILED : ExitCode.FATAL;
        return new Summary(mode, code, c.reason() == null ? Reason.Internal : c.reason(), c.detail(), Progress.NONE, List.of(), null);
    }

    /** The summary for settings that could not be read; nothing was contacted. */
    public static Summary invalidInput(Mode mode, String message) {
        return new Summary(mode, ExitCode.INVALID_INPUT, Reason.InvalidInput,
                Reason.InvalidInput.hint() + ": " + message, Progress.NONE, List.of(), null);
    }

    /** Prints the summary as the last stdout line and writes it (fitted to 4 KiB) to the termination file. */
    public static Summary finish(Summary summary, Output output, String terminationLogPath) {
        Summary scrubbed = output.summary(summary);
        if (terminationLogPath != null) {
            String fitted = ProtocolJson.write(scrubbed.fitTo(Summary.TERMINATION_MESSAGE_LIMIT));
            try {
                Files.writeString(Path.of(terminationLogPath), fitted, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                System.err.println("cannot write the termination message to " + terminationLogPath + ": "
                        + e.getClass().getSimpleName() + " (set " + TERMINATION_LOG.variable() + " when running outside a pod)");
            }
        }
        return scrubbed;
    }

    private static String startMessage(CopierConfig config, RunCredentials credentials) {
        return config.mode().name().toLowerCase() + " " + config.source().location()
                + " (" + (config.source().endpoint() == null ? "aws" : config.source().endpoint()) + ", key "
                + Scrubber.mask(credentials.sourceAccessKeyId()) + ") -> " + config.destination().location()
                + " (" + (config.destination().endpoint() == null ? "aws" : config.destination().endpoint())
                + ", key " + Scrubber.mask(credentials.destinationAccessKeyId()) + ")"
                + (config.get(CHECKPOINT) == null ? "" : ", resuming after '" + config.get(CHECKPOINT) + "'"
                        + (config.get(CHECKPOINT_COUNTS).objectsDone() == 0 ? "" : " (" + config.get(CHECKPOINT_COUNTS).objectsDone()
                                + " objects done before it)"));
    }
}
