package io.s3migration.operator.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.s3migration.operator.api.Options;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.protocol.CopierSettings;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The platform's default and maximum {@code bandwidthLimit} and {@code concurrency} per migration (chart values
 * {@code limits.*}), pure. The chart's admission policy refuses a value above a maximum when the MigrationJob is written;
 * this refuses it again when a migration starts or resumes, for clusters where that policy is off or the maximum was
 * lowered since. A field the tenant leaves out takes the default, else the maximum (an unset bandwidth limit means
 * unlimited and the copier's concurrency is 64, either of which may be above the maximum).
 */
public record PlatformLimits(Optional<String> bandwidthLimitDefault, Optional<String> bandwidthLimitMax,
                             OptionalInt concurrencyDefault, OptionalInt concurrencyMax) {
    public static final PlatformLimits NONE = new PlatformLimits(Optional.empty(), Optional.empty(), OptionalInt.empty(),
            OptionalInt.empty());

    public PlatformLimits {
        bandwidthLimitDefault = bandwidthLimitDefault.filter(v -> !v.isBlank());
        bandwidthLimitMax = bandwidthLimitMax.filter(v -> !v.isBlank());
        bandwidthLimitDefault.ifPresent(v -> bytes(v, "limits.bandwidthLimit.default"));
        bandwidthLimitMax.ifPresent(v -> bytes(v, "limits.bandwidthLimit.max"));
        if (bandwidthLimitDefault.isPresent() && bandwidthLimitMax.isPresent()
                && bytes(bandwidthLimitDefault.get(), "").compareTo(bytes(bandwidthLimitMax.get(), "")) > 0) {
            throw new IllegalArgumentException("limits.bandwidthLimit.default " + bandwidthLimitDefault.get()
                    + " is above limits.bandwidthLimit.max " + bandwidthLimitMax.get() + ": lower the default or raise the maximum");
        }
        if (concurrencyDefault.isPresent() && concurrencyMax.isPresent() && concurrencyDefault.getAsInt() > concurrencyMax.getAsInt()) {
            throw new IllegalArgumentException("limits.concurrency.default " + concurrencyDefault.getAsInt()
                    + " is above limits.concurrency.max " + concurrencyMax.getAsInt() + ": lower the default or raise the maximum");
        }
    }

    /** From the operator config; 0 (the chart's "unset") is no concurrency default or maximum. */
    public static PlatformLimits of(OperatorConfig.Limits config) {
        return new PlatformLimits(config.bandwidthLimitDefault(), config.bandwidthLimitMax(),
                positive(config.concurrencyDefault()), positive(config.concurrencyMax()));
    }

    /** The bandwidth limit of a migration that sets none: the default, else the maximum, else none (unlimited). */
    public Optional<String> effectiveBandwidthLimitDefault() {
        return bandwidthLimitDefault.or(() -> bandwidthLimitMax);
    }

    /** The concurrency of a migration that sets none: the default, else the copier's own capped at the maximum. */
    public OptionalInt effectiveConcurrencyDefault() {
        if (concurrencyDefault.isPresent()) {
            return concurrencyDefault;
        }
        return concurrencyMax.isPresent() && concurrencyMax.getAsInt() < CopierSettings.DEFAULT_CONCURRENCY ? concurrencyMax
                : OptionalInt.empty();
    }

    /** The options a run gets: the tenant's, with the platform's defaults in the two fields it left out. */
    public Options applyTo(Options options) {
        Options given = options == null ? Options.DEFAULTS : options;
        Options withConcurrency = given.concurrency() != null || effectiveConcurrencyDefault().isEmpty() ? given
                : given.withConcurrency(effectiveConcurrencyDefault().getAsInt());
        return blank(given.bandwidthLimit()) ? effectiveBandwidthLimitDefault().map(withConcurrency::withBandwidthLimit)
                .orElse(withConcurrency) : withConcurrency;
    }

    /** The first of the tenant's values above its maximum, with the maximum and what to do. */
    public Optional<Refusal> check(Options options) {
        if (options == null) {
            return Optional.empty();
        }
        if (options.concurrency() != null && concurrencyMax.isPresent() && options.concurrency() > concurrencyMax.getAsInt()) {
            return Optional.of(new Refusal(StatusReason.LimitExceeded, "spec.options.concurrency " + options.concurrency()
                    + " is above this platform's maximum of " + concurrencyMax.getAsInt() + " per migration: set it to "
                    + concurrencyMax.getAsInt() + " or less, or leave it out for the default of "
                    + effectiveConcurrencyDefault().orElse(CopierSettings.DEFAULT_CONCURRENCY)));
        }
        if (!blank(options.bandwidthLimit()) && bandwidthLimitMax.isPresent()
                && bytes(options.bandwidthLimit(), "spec.options.bandwidthLimit").compareTo(bytes(bandwidthLimitMax.get(), "")) > 0) {
            return Optional.of(new Refusal(StatusReason.LimitExceeded, "spec.options.bandwidthLimit " + options.bandwidthLimit()
                    + " is above this platform's maximum of " + bandwidthLimitMax.get() + " (bytes per second) per migration:"
                    + " set it to " + bandwidthLimitMax.get() + " or less, or leave it out for the default of "
                    + effectiveBandwidthLimitDefault().orElseThrow()));
        }
        return Optional.empty();
    }

    private static BigDecimal bytes(String quantity, String field) {
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " " + quantity + " is not a quantity of bytes per second such as 50Mi,"
                    + " 500k or 1G", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static OptionalInt positive(OptionalInt value) {
        return value.isPresent() && value.getAsInt() > 0 ? value : OptionalInt.empty();
    }
}
