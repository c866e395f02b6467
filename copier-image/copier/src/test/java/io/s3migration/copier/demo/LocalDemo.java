package io.s3migration.copier.demo;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Summary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A migration on this machine, no Kubernetes: two S3 endpoints (embedded S3Proxy on 127.0.0.1, different
 * credentials), a generated dataset, the copier printing its progress lines live, then an independent check of
 * every object, a verify run and a re-run that has nothing to copy. Arguments: [objects] [large object MiB].
 */
public final class LocalDemo {
    private LocalDemo() {
    }

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int largeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        Path work = Files.createTempDirectory("s3migration-demo");
        boolean ok;
        try (TwoServers servers = new TwoServers()) {
            String bucket = servers.newBuckets();
            say("source      " + servers.sourceServer.endpoint() + "  bucket " + bucket + "  (access key " + TwoServers.SOURCE_KEY.substring(0, 4) + "****)");
            say("destination " + servers.destinationServer.endpoint() + "  bucket " + bucket + "  (access key " + TwoServers.DESTINATION_KEY.substring(0, 4) + "****)");
            Dataset data = Dataset.standard(objects, largeMiB * 1024 * 1024);
            data.uploadTo(servers.source, bucket, "");
            say("generated " + data.items().size() + " objects, " + data.totalBytes() / (1024 * 1024) + " MiB (one of "
                    + largeMiB + " MiB goes multipart; keys with spaces, umlauts, CJK, emoji; metadata)");

            CopierConfig copy = servers.config(Mode.COPY, bucket, work)
                    .withMultipart(16 * CopierSettings.MIB, 8 * CopierSettings.MIB)
                    .with(CopierSettings.CONCURRENCY, 8)
                    .with(CopierSettings.PROGRESS_INTERVAL, Duration.ofMillis(250));
            say("copier output (the same JSON lines `kubectl logs -f` shows):");
            long started = System.nanoTime();
            Summary first = Copier.run(copy, System.out);
            double seconds = (System.nanoTime() - started) / 1e9;

            say("checking every object with a separate S3 client ...");
            long mismatches = data.items().stream().filter(item -> !Arrays.equals(item.content(),
                    servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(item.key())).asByteArray())).count();

            Summary verify = Copier.run(copy.with(CopierSettings.MODE, Mode.VERIFY).with(CopierSettings.TERMINATION_LOG, null)
                    .with(CopierSettings.PROGRESS_INTERVAL, Duration.ofSeconds(10)), System.out);
            Summary again = Copier.run(copy.with(CopierSettings.TERMINATION_LOG, null).with(CopierSettings.PROGRESS_INTERVAL, Duration.ofSeconds(10)), System.out);

            ok = first.exitCode() == ExitCode.SUCCEEDED && mismatches == 0
                    && verify.exitCode() == ExitCode.SUCCEEDED && again.progress().objectsCopied() == 0;
            say("");
            say("=== report ===");
            say(String.format("copy:    %s; exit %s (%.1f s including client start)", first.message(), first.exitCode(), seconds));
            say("check:   " + (data.items().size() - mismatches) + "/" + data.items().size() + " objects byte-for-byte equal (independent client)");
            say("verify:  " + verify.message());
            say("re-run:  " + again.message());
            say("termination message written to " + copy.get(CopierSettings.TERMINATION_LOG));
            say(ok ? "RESULT: migration complete and verified" : "RESULT: FAILED");
        }
        System.exit(ok ? 0 : 1);
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
