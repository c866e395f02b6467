package io.s3migration.operator.policy;

import io.s3migration.operator.api.Options;
import io.s3migration.operator.api.StatusReason;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform's per-migration defaults and maxima of bandwidthLimit and concurrency. */
class PlatformLimitsTest {

    private static PlatformLimits limits(String bandwidthDefault, String bandwidthMax, int concurrencyDefault, int concurrencyMax) {
        return new PlatformLimits(Optional.ofNullable(bandwidthDefault), Optional.ofNullable(bandwidthMax),
                concurrencyDefault > 0 ? OptionalInt.of(concurrencyDefault) : OptionalInt.empty(),
                concurrencyMax > 0 ? OptionalInt.of(concurrencyMax) : OptionalInt.empty());
    }

    @Test
    void aFieldLeftOutTakesTheDefaultElseTheMaximumAndASetOneStays() {
        PlatformLimits both = limits("50Mi", "100Mi", 8, 32);
        assertEquals(new Options(8).withBandwidthLimit("50Mi"), both.applyTo(Options.DEFAULTS));
        assertEquals(new Options(8).withBandwidthLimit("50Mi"), both.applyTo(null));
        assertEquals(new Options(2).withBandwidthLimit("1Mi"), both.applyTo(new Options(2).withBandwidthLimit("1Mi")));

        PlatformLimits maximaOnly = limits(null, "100Mi", 0, 8);
        assertEquals(new Options(8).withBandwidthLimit("100Mi"), maximaOnly.applyTo(Options.DEFAULTS),
                "unlimited and the copier's 64 would be above the maxima");
        assertEquals(Options.DEFAULTS, limits(null, null, 0, 128).applyTo(Options.DEFAULTS), "64 is below 128: the copier's own");
        assertEquals(Options.DEFAULTS, PlatformLimits.NONE.applyTo(Options.DEFAULTS));
        assertEquals(Options.DEFAULTS, limits("", "", 0, 0).applyTo(Options.DEFAULTS), "the chart's empty values are no limits");
    }

    @Test
    void aValueAboveAMaximumIsRefusedWithTheMaximumAndTheFix() {
        PlatformLimits limits = limits(null, "100Mi", 0, 32);
        Refusal concurrency = limits.check(new Options(33)).orElseThrow();
        assertEquals(StatusReason.LimitExceeded, concurrency.reason());
        assertTrue(concurrency.mayPassLater(), "waits: the tenant lowers it or the platform raises the maximum");
        assertEquals("spec.options.concurrency 33 is above this platform's maximum of 32 per migration: set it to 32 or less,"
                + " or leave it out for the default of 32", concurrency.message());
        assertEquals("spec.options.bandwidthLimit 1Gi is above this platform's maximum of 100Mi (bytes per second) per"
                + " migration: set it to 100Mi or less, or leave it out for the default of 100Mi",
                limits.check(Options.DEFAULTS.withBandwidthLimit("1Gi")).orElseThrow().message());
    }

    @Test
    void quantitiesAreComparedAsBytes() {
        PlatformLimits limits = limits(null, "100Mi", 0, 0);
        for (String above : new String[] {"101Mi", "1Gi", "104857601", "105M", "0.1Gi"}) {
            assertTrue(limits.check(Options.DEFAULTS.withBandwidthLimit(above)).isPresent(), above);
        }
        for (String within : new String[] {"100Mi", "102400Ki", "104857600", "104M", "500k", "9Mi"}) {
            assertEquals(Optional.empty(), limits.check(Options.DEFAULTS.withBandwidthLimit(within)), within);
        }
        assertEquals(Optional.empty(), limits.check(new Options(1024)), "no concurrency maximum");
        assertEquals(Optional.empty(), PlatformLimits.NONE.check(new Options(1024).withBandwidthLimit("1T")));
    }

    @Test
    void aDefaultAboveItsMaximumOrAValueThatIsNoQuantityIsAConfigurationError() {
        assertEquals("limits.concurrency.default 64 is above limits.concurrency.max 32: lower the default or raise the maximum",
                assertThrows(IllegalArgumentException.class, () -> limits(null, null, 64, 32)).getMessage());
        assertEquals("limits.bandwidthLimit.default 1Gi is above limits.bandwidthLimit.max 100Mi: lower the default or raise"
                + " the maximum", assertThrows(IllegalArgumentException.class, () -> limits("1Gi", "100Mi", 0, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits(null, "fast", 0, 0)).getMessage()
                .startsWith("limits.bandwidthLimit.max fast is not a quantity"));
        assertNull(limits(null, null, 0, 0).applyTo(Options.DEFAULTS).bandwidthLimit());
    }
}
