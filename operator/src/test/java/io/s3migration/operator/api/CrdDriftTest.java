package io.s3migration.operator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed CRD ({@code crds/}, also shipped by the Helm chart) must be exactly what the build generates
 * from the api/ classes. A {@code @QuarkusTest} so that the Quarkus build (which generates it) has run.
 */
@QuarkusTest
@WithKubernetesTestServer
class CrdDriftTest {
    static final String FILE = "migrationjobs.s3migration.io-v1.yml";
    static final Path GENERATED = Path.of("target", "kubernetes", FILE);
    static final Path COMMITTED = Path.of("..", "crds", FILE);

    @Test
    void committedCrdMatchesTheGeneratedOne() throws IOException {
        assertTrue(Files.exists(GENERATED), "the build did not generate " + GENERATED.toAbsolutePath());
        String refresh = "the CRD changed: refresh the committed copy with  cp operator/" + GENERATED + " crds/" + FILE
                + " && cp crds/" + FILE + " helm/s3-migration-operator/files/crds/  (from the repository root, after ./mvnw -pl operator -am package -DskipTests) and commit it";
        assertTrue(Files.exists(COMMITTED), COMMITTED.toAbsolutePath() + " is missing; " + refresh);
        assertEquals(Files.readString(GENERATED), Files.readString(COMMITTED), refresh);
    }
}
