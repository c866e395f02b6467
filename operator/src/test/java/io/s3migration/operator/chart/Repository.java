package io.s3migration.operator.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository checkout, found from the module's working directory (Maven runs tests in operator/). */
public final class Repository {
    public static final Path ROOT = findRoot();
    public static final Path CHART = ROOT.resolve("helm/s3-migration-operator");
    public static final Path CRD = ROOT.resolve("crds/migrationjobs.s3migration.io-v1.yml");
    public static final Path EXAMPLES = ROOT.resolve("examples");

    private Repository() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("crds")) && Files.isDirectory(dir.resolve("helm"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with crds/ and helm/) above " + Path.of("").toAbsolutePath());
    }
}
