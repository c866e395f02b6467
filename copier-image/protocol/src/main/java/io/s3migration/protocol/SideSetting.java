package io.s3migration.protocol;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One side of the migration: a {@link Bucket} in variables that share a prefix ({@code S3M_SOURCE_BUCKET}, ...).
 * {@code KEY} names a single object instead of a {@code PREFIX} (not both).
 */
public final class SideSetting extends Setting<Bucket> {
    public static final String ENDPOINT = "ENDPOINT";
    public static final String REGION = "REGION";
    public static final String BUCKET = "BUCKET";
    public static final String PREFIX = "PREFIX";
    public static final String PATH_STYLE = "PATH_STYLE";
    public static final String KEY = "KEY";
    /** Every variable of a side, by its part of the name. */
    public static final java.util.List<String> PARTS = java.util.List.of(ENDPOINT, REGION, BUCKET, PREFIX, KEY, PATH_STYLE);

    SideSetting(String prefix) {
        super(prefix, null, null, null, bucket -> {
            if (bucket == null || bucket.bucket() == null || bucket.bucket().isBlank()) {
                throw new IllegalArgumentException(prefix + BUCKET + " is required");
            }
            if (bucket.exactKey() && bucket.prefix().isEmpty()) {
                throw new IllegalArgumentException(prefix + KEY + " must not be empty");
            }
            return bucket;
        }, true);
    }

    /** The name of one of this side's variables, {@code part} one of {@link #ENDPOINT}, {@link #REGION}, .... */
    public String variable(String part) {
        return variable() + part;
    }

    @Override
    Bucket read(Function<String, String> env) {
        String bucket = blankToNull(env.apply(variable(BUCKET)));
        if (bucket == null) {
            return null;
        }
        String pathStyle = env.apply(variable(PATH_STYLE));
        String prefix = env.apply(variable(PREFIX));
        String key = blankToNull(env.apply(variable(KEY)));
        if (key != null && prefix != null && !prefix.isEmpty()) {
            throw new IllegalArgumentException(variable(KEY) + " and " + variable(PREFIX) + " are both set: " + variable(KEY)
                    + " names one object, " + variable(PREFIX) + " everything under it; set one of them");
        }
        Bucket side = new Bucket(blankToNull(env.apply(variable(ENDPOINT))), blankToNull(env.apply(variable(REGION))), bucket,
                prefix, Boolean.parseBoolean(pathStyle == null ? "false" : pathStyle));
        return key == null ? side : side.withExactKey(key);
    }

    @Override
    void write(Bucket bucket, BiConsumer<String, String> env) {
        writeIfPresent(env, variable(ENDPOINT), bucket.endpoint());
        writeIfPresent(env, variable(REGION), bucket.region());
        env.accept(variable(BUCKET), bucket.bucket());
        writeIfPresent(env, variable(bucket.exactKey() ? KEY : PREFIX), bucket.prefix());
        env.accept(variable(PATH_STYLE), Boolean.toString(bucket.pathStyle()));
    }

    private static void writeIfPresent(BiConsumer<String, String> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.accept(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
