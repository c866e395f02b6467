package io.s3migration.copier.transfer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartPlanTest {
    static final long MIB = 1024L * 1024;

    @ParameterizedTest(name = "{0} bytes at {1} MiB -> {2} MiB x {3}")
    @CsvSource({
            // size, preferred MiB, expected part MiB, expected parts
            "20971520, 5, 5, 4",
            "22020096, 5, 5, 5",
            "1, 16, 16, 1",
            "167772160000, 16, 16, 10000",
            "167772160001, 16, 17, 9412",
            "5497558138880, 16, 525, 9987",  // 5 TiB, the largest S3 object
            "6442450944, 16, 16, 384"})      // 6 GiB
    void staysWithinTenThousandParts(long size, long preferredMiB, long partMiB, int parts) {
        PartPlan plan = PartPlan.of(size, preferredMiB * MIB);
        assertEquals(partMiB * MIB, plan.partSize());
        assertEquals(parts, plan.partCount());
        assertTrue(plan.partCount() <= PartPlan.MAX_PARTS);
        long sum = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            assertEquals(sum, plan.offset(n));
            sum += plan.length(n);
        }
        assertEquals(size, sum);
    }

    @ParameterizedTest(name = "{0} bytes, first part {1}, count {2}, ETag -{3} -> {4}")
    @CsvSource({
            // size, first part length, x-amz-mp-parts-count (empty: absent), parts the ETag names, expected "MiB x parts" or none
            "41943040, 8388608, 5, 5, 8 x 5",        // the AWS CLI's 8 MiB parts, the last one full
            "39845888, 8388608, 5, 5, 8 x 5",        // the last one shorter
            "3145728, 3145728, 1, 1, 3 x 1",         // one part, below S3's 5 MiB minimum: it is also the last
            "41943040, 8388608, , 5, none",          // the server ignored partNumber (no count)
            "41943040, 41943040, , 5, none",         // ... and answered for the whole object
            "41943040, 8388608, 4, 5, none",         // a count that is not the ETag's
            "50331648, 8388608, 5, 5, none",         // the total is more than the parts can hold: they differ in size
            "33554432, 8388608, 5, 5, none",         // the last part would be empty: they differ in size
            "6291456, 3145728, 2, 2, none",          // a part below 5 MiB before the last: no destination takes it
            "0, 0, 1, 1, none"})
    void theSourcesLayoutIsRepeatedOnlyWhenItsFirstPartAndTheTotalDescribeIt(long size, long first, Integer count,
                                                                             int eTagParts, String expected) {
        PartPlan plan = PartPlan.sourceLayout(size, first, count, eTagParts);
        assertEquals(expected, plan == null ? "none" : plan.partSize() / MIB + " x " + plan.partCount());
        if (plan != null) {
            assertEquals(size, plan.offset(plan.partCount()) + plan.length(plan.partCount()), "the parts cover the object");
        }
    }
}
