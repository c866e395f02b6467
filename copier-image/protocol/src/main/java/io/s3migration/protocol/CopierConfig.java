package io.s3migration.protocol;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.s3migration.protocol.CopierSettings.ALLOWED_ADDRESSES;
import static io.s3migration.protocol.CopierSettings.ALLOWED_HOSTS;
import static io.s3migration.protocol.CopierSettings.ALL;
import static io.s3migration.protocol.CopierSettings.CHECKPOINT;
import static io.s3migration.protocol.CopierSettings.CHECKPOINT_COUNTS;
import static io.s3migration.protocol.CopierSettings.DESTINATION;
import static io.s3migration.protocol.CopierSettings.MIGRATION;
import static io.s3migration.protocol.CopierSettings.REPORT_PREFIX;
import static io.s3migration.protocol.CopierSettings.MODE;
import static io.s3migration.protocol.CopierSettings.MULTIPART_THRESHOLD;
import static io.s3migration.protocol.CopierSettings.SINGLE_PUT_MAX;
import static io.s3migration.protocol.CopierSettings.PART_SIZE;
import static io.s3migration.protocol.CopierSettings.SOURCE;

/**
 * Everything a copier run is told: a value for each of the {@link CopierSettings}, defaults filled in, every value
 * and the rules between them checked (an {@link IllegalArgumentException} names the variable). Immutable; the
 * operator writes it with {@link CopierEnv#write}, the copier reads it with {@link CopierEnv#read}.
 */
public final class CopierConfig {
    private final Map<Setting<?>, Object> values;

    private CopierConfig(Map<Setting<?>, ?> given) {
        Map<Setting<?>, Object> checked = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            checked.put(setting, normalize(setting, given.get(setting)));
        }
        this.values = checked;
        checkTogether();
    }

    /** A config with defaults for everything but the mode and the two sides. */
    public static CopierConfig of(Mode mode, Bucket source, Bucket destination) {
        Map<Setting<?>, Object> given = new HashMap<>();
        given.put(MODE, mode);
        given.put(SOURCE, source);
        given.put(DESTINATION, destination);
        return new CopierConfig(given);
    }

    /** Settings as read from somewhere (the environment); absent ones take their defaults. */
    static CopierConfig fromValues(Map<Setting<?>, ?> values) {
        return new CopierConfig(values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    // what a run is, read everywhere
    public Mode mode() {
        return get(MODE);
    }

    public Bucket source() {
        return get(SOURCE);
    }

    public Bucket destination() {
        return get(DESTINATION);
    }

    /** A copy with {@code setting} changed (null: its default); the result is checked as a whole. */
    public <T> CopierConfig with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting, value);
        return new CopierConfig(changed);
    }

    /**
     * Every object from {@code threshold} on goes multipart in parts of {@code partSize} (set together: one bounds the
     * other), whatever its ETag: {@link CopierSettings#SINGLE_PUT_MAX} 0.
     */
    public CopierConfig withMultipart(long threshold, long partSize) {
        return with(PART_SIZE, partSize, MULTIPART_THRESHOLD, threshold).with(SINGLE_PUT_MAX, 0L);
    }

    /** Both sides changed at once (a single-key side needs a single-key other side: one at a time would be refused). */
    public CopierConfig withSides(Bucket source, Bucket destination) {
        return with(SOURCE, source, DESTINATION, destination);
    }

    /** Resume after {@code key}, counting on from {@code counts} (what the runs before it did). */
    public CopierConfig withCheckpoint(String key, CheckpointCounts counts) {
        return with(CHECKPOINT, key, CHECKPOINT_COUNTS, counts);
    }

    /** CIDRs the copier may reach although private/loopback/link-local/CGNAT, for {@code hosts} (and subdomains) only. */
    public CopierConfig withAllowedAddresses(List<String> cidrs, List<String> hosts) {
        return with(ALLOWED_ADDRESSES, cidrs, ALLOWED_HOSTS, hosts);
    }

    private <A, B> CopierConfig with(Setting<A> a, A aValue, Setting<B> b, B bValue) {
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(a, aValue);
        changed.put(b, bValue);
        return new CopierConfig(changed);
    }

    /** The rules between settings; each setting's own rules are in its definition. */
    private void checkTogether() {
        long threshold = get(MULTIPART_THRESHOLD);
        long partSize = get(PART_SIZE);
        if (threshold < partSize) {
            throw new IllegalArgumentException(MULTIPART_THRESHOLD + " (" + threshold + ") must not be smaller than "
                    + PART_SIZE + " (" + partSize + ")");
        }
        String checkpoint = get(CHECKPOINT);
        Bucket source = get(SOURCE);
        if (checkpoint != null && !source.holds(checkpoint)) {
            // A resume from it would start over while carrying the counts of the earlier runs: everything counted twice.
            throw new IllegalArgumentException(CHECKPOINT + " '" + checkpoint + "' is not under the source prefix '"
                    + source.prefix() + "': a checkpoint is the last source key a run finished; leave it out to start over");
        }
        KeyRange.of(this).checkHolds(checkpoint, source);
        if (checkpoint == null && !get(CHECKPOINT_COUNTS).equals(CheckpointCounts.NONE)) {
            throw new IllegalArgumentException(CHECKPOINT_COUNTS + " is set without " + CHECKPOINT
                    + ": counts carry over only to a run that resumes from a checkpoint");
        }
        Bucket destination = get(DESTINATION);
        if (source.exactKey() != destination.exactKey()) {
            // One object maps onto one key: a prefix on the other side would name a folder for it, or a folder for one key.
            throw new IllegalArgumentException(source.exactKey()
                    ? SOURCE.variable(SideSetting.KEY) + " names one object: set " + DESTINATION.variable(SideSetting.KEY)
                            + " to the key it gets at the destination (the operator defaults it to the same key)"
                    : DESTINATION.variable(SideSetting.KEY) + " is set without " + SOURCE.variable(SideSetting.KEY)
                            + ": a destination key names where one source object goes");
        }
        if (get(REPORT_PREFIX) != null && get(MIGRATION) == null) {
            throw new IllegalArgumentException(REPORT_PREFIX + " is set without " + MIGRATION
                    + ": the report is written under <prefix><migration>/, name the migration");
        }
        if (!get(ALLOWED_ADDRESSES).isEmpty() && get(ALLOWED_HOSTS).isEmpty()) {
            // A private range open to every host would let any endpoint that resolves there in (DNS rebinding).
            throw new IllegalArgumentException(ALLOWED_ADDRESSES + " is set without " + ALLOWED_HOSTS
                    + ": name the endpoint hosts that may resolve into it");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T normalize(Setting<T> setting, Object value) {
        return setting.normalize((T) value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopierConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "CopierConfig[", "]"));
    }
}
