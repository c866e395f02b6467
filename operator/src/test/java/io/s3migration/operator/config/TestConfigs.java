package io.s3migration.operator.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** {@link OperatorConfig} without booting Quarkus, for unit tests of the pure builders that read it. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** The defaults overridden by {@code properties} ({@code s3migration.job.active-deadline=12h}, ...). */
    public static OperatorConfig of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(OperatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's "7d", "10m"
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .build().getConfigMapping(OperatorConfig.class);
    }

    /** The config a Deployment's env vars ({@code S3MIGRATION_*}, as the chart renders them) make. */
    public static OperatorConfig fromEnv(Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withMapping(OperatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .build().getConfigMapping(OperatorConfig.class);
    }
}
