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
}
