package io.s3migration.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One copier setting, defined once in {@link CopierSettings}: the environment variable that carries it, its
 * default, how its value is written and read, and what it accepts. {@link CopierEnv} moves every setting between
 * a {@link CopierConfig} and the environment without knowing any of them.
 */
public class Setting<T> {
    private final String variable;
    private final T defaultValue;
    private final Function<T, String> format;
    private final Function<String, T> parse;
    private final UnaryOperator<T> normalize;
    private final boolean writtenWhenDefault;

    Setting(String variable, T defaultValue, Function<T, String> format, Function<String, T> parse,
            UnaryOperator<T> normalize, boolean writtenWhenDefault) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.format = format;
        this.parse = parse;
        this.normalize = normalize;
        this.writtenWhenDefault = writtenWhenDefault;
    }

    /** The environment variable's name (for a side: the prefix of its variables). */
    public String variable() {
        return variable;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The value as a config holds it: defaults filled in, then checked; an unacceptable value names the variable. */
    T normalize(T value) {
        return normalize.apply(value == null ? defaultValue : value);
    }

    /** This setting's value from the environment, or null when it is absent (or blank, for all but text). */
    T read(Function<String, String> env) {
        String text = env.apply(variable);
        return text == null ? null : parse.apply(text);
    }

    /** Writes the value; a setting at its default that need not be written (an empty one) is left out. */
    void write(T value, BiConsumer<String, String> env) {
        if (writtenWhenDefault || !Objects.equals(value, defaultValue)) {
            env.accept(variable, format.apply(value));
        }
    }

    @Override
    public String toString() {
        return variable;
    }

    // The kinds of setting the copier has: each says how its values look in the environment.

    static Setting<Integer> count(String variable, int defaultValue, int min, int max) {
        return count(variable, defaultValue, min, max, true);
    }

    /** As {@link #count(String, int, int, int)}; unless {@code writtenWhenDefault}, the default is left out of the environment. */
    static Setting<Integer> count(String variable, int defaultValue, int min, int max, boolean writtenWhenDefault) {
        return new Setting<>(variable, defaultValue, Object::toString, unlessBlank(text -> (int) parseLong(variable, text)),
                check(variable, v -> v >= min && v <= max, v -> "must be between " + min + " and " + max + ", got " + v),
                writtenWhenDefault);
    }

    static Setting<Long> number(String variable, long defaultValue) {
        return number(variable, defaultValue, v -> true, v -> "", true);
    }

    static Setting<Long> number(String variable, long defaultValue, Predicate<Long> accepts, Function<Long, String> complaint,
                                boolean writtenWhenDefault) {
        return new Setting<>(variable, defaultValue, Object::toString, unlessBlank(text -> parseLong(variable, text)),
                check(variable, accepts, complaint), writtenWhenDefault);
    }

    static Setting<Duration> millis(String variable, Duration defaultValue) {
        return new Setting<>(variable, defaultValue, d -> Long.toString(d.toMillis()),
                unlessBlank(text -> Duration.ofMillis(parseLong(variable, text))), UnaryOperator.identity(), true);
    }

    /** An instant in RFC 3339 ({@code 2026-01-30T14:25:01Z}); absent by default and then left out of the environment. */
    static Setting<Instant> instant(String variable) {
        return new Setting<>(variable, null, Instant::toString, unlessBlank(text -> {
            try {
                return Instant.parse(text.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(variable + " must be a UTC time like 2026-01-30T14:25:01Z, got '" + text + "'");
            }
        }), UnaryOperator.identity(), false);
    }

    static Setting<Boolean> flag(String variable, boolean defaultValue) {
        return new Setting<>(variable, defaultValue, Object::toString, unlessBlank(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(variable + " must be true or false, got '" + text + "'");
        }), UnaryOperator.identity(), true);
    }

    /** One of {@code type}'s constants, lower case in the environment; a null default makes it required. */
    static <E extends Enum<E>> Setting<E> choice(String variable, Class<E> type, E defaultValue) {
        return choice(variable, type, defaultValue, true);
    }

    /** As {@link #choice(String, Class, Enum)}; unless {@code writtenWhenDefault}, the default is left out of the environment. */
    static <E extends Enum<E>> Setting<E> choice(String variable, Class<E> type, E defaultValue, boolean writtenWhenDefault) {
        String names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new Setting<>(variable, defaultValue, e -> e.name().toLowerCase(Locale.ROOT), unlessBlank(text -> {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variable + " must be one of " + names + ", got '" + text + "'");
            }
        }), check(variable, v -> v != null, v -> "is required: one of " + names), writtenWhenDefault);
    }

    /**
     * Text, taken as given and then {@code tidied} (which may turn it into the default); a null default is left
     * out of the environment.
     */
    static Setting<String> text(String variable, String defaultValue, UnaryOperator<String> tidy) {
        return new Setting<>(variable, defaultValue, Function.identity(), Function.identity(),
                v -> v == null ? null : tidy.apply(v), defaultValue != null);
    }

    /** Comma-separated; empty is left out of the environment. */
    static Setting<List<String>> list(String variable) {
        return new Setting<>(variable, List.of(), v -> String.join(",", v),
                unlessBlank(text -> Arrays.stream(text.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()),
                List::copyOf, false);
    }

    static Setting<CheckpointCounts> counts(String variable) {
        return new Setting<>(variable, CheckpointCounts.NONE, CheckpointCounts::toString,
                unlessBlank(text -> CheckpointCounts.parse(variable, text)), UnaryOperator.identity(), false);
    }

    /** Blank in the environment means absent: the default applies. */
    private static <T> Function<String, T> unlessBlank(Function<String, T> parse) {
        return text -> text.isBlank() ? null : parse.apply(text);
    }

    private static long parseLong(String variable, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number, got '" + text + "'");
        }
    }

    /** Refuses a value it does not accept with "VARIABLE complaint". */
    private static <T> UnaryOperator<T> check(String variable, Predicate<T> accepts, Function<T, String> complaint) {
        return value -> {
            if (!accepts.test(value)) {
                throw new IllegalArgumentException(variable + " " + complaint.apply(value));
            }
            return value;
        };
    }
}
