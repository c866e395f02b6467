package io.s3migration.protocol;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link CopierConfig} as environment variables, the only way the operator hands a run its settings (names and
 * forms fixed by DESIGN.md; each setting's in {@link CopierSettings}).
 */
public final class CopierEnv {
    private CopierEnv() {
    }

    /** The variables that describe this run, in a stable order; empty values are left out. */
    public static Map<String, String> write(CopierConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Setting<?> setting : CopierSettings.ALL) {
            writeOne(setting, config, env);
        }
        return env;
    }

    /** Reads a run's settings; a missing or malformed value is an {@link IllegalArgumentException} naming it. */
    public static CopierConfig read(Map<String, String> env) {
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : CopierSettings.ALL) {
            Object value = setting.read(env::get);
            if (value != null) {
                values.put(setting, value);
            }
        }
        return CopierConfig.fromValues(values);
    }

    private static <T> void writeOne(Setting<T> setting, CopierConfig config, Map<String, String> env) {
        setting.write(config.get(setting), env::put);
    }
}
