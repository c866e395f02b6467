import io.s3migration.copier.Copier;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.Summary;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The copier's run several times in one JVM, the last one timed: what a run costs once the JVM has started, loaded
 * its classes and compiled the copy's path, i.e. the copier's own work without the JVM's start-up and warm-up.
 * bench/warm.py runs it; the settings are the copier's own environment, as for a normal run.
 *
 *   WarmCopier copy BUCKET...   copy the source into each destination bucket in turn (each empty)
 *   WarmCopier rerun N BUCKET   copy into BUCKET, then run again N times with nothing left to copy
 *
 * Before each run after the first it reads a line from stdin (none at the end of the input): meanwhile the caller may
 * change the destination, e.g. delete every tenth object, or start a profiler.
 *
 * Prints one line per run on stderr: "run I: wall S cpu S exit C" (cpu: the whole process, JIT and GC included).
 */
public final class WarmCopier {
    public static void main(String[] args) throws java.io.IOException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] buckets;
        if (args[0].equals("rerun")) {
            buckets = new String[Integer.parseInt(args[1]) + 1];
            java.util.Arrays.fill(buckets, args[2]);
        } else {
            buckets = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        var stdin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (int i = 0; i < buckets.length; i++) {
            if (i > 0) {
                stdin.readLine();
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("S3M_DESTINATION_BUCKET", buckets[i]);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Summary summary = Copier.run(CopierEnv.read(env), discard, false);
            System.err.printf("run %d: wall %.3f cpu %.3f exit %d%n", i + 1, (System.nanoTime() - start) / 1e9,
                    (os.getProcessCpuTime() - cpu) / 1e9, summary.exitCode().code());
            if (summary.exitCode().code() != 0) {
                System.exit(summary.exitCode().code());
            }
        }
        System.exit(0);
    }
}
