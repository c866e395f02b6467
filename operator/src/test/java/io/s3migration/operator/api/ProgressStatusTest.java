package io.s3migration.operator.api;

import io.s3migration.protocol.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Status math for the printer columns: percent, ETA, human units, before and after sizing. */
class ProgressStatusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "not sized yet       | false | 0   | 5 | 0 | 0    | 100     | 0    | -     | -     | 5/?    | 100 B/?        | 0 B/s       | -",
            "half by objects     | true  | 10  | 4 | 1 | 1000 | 400     | 50   | 50.0  | 12s   | 5/10   | 400 B/1000 B   | 50 B/s      | 50.0%",
            "empty source        | true  | 0   | 0 | 0 | 0    | 0       | 0    | 100.0 | 0s    | 0/0    | 0 B/0 B        | 0 B/s       | 100.0%",
            "no rate yet         | true  | 3   | 0 | 0 | 3072 | 0       | 0    | 0.0   | -     | 0/3    | 0 B/3.0 KiB    | 0 B/s       | 0.0%",
            "hours left          | true  | 9   | 1 | 0 | 1099511627776 | 1073741824 | 104857600 | 11.1 | 2h54m | 1/9 | 1.0 GiB/1.0 TiB | 100.0 MiB/s | 11.1%",
    })
    void formats(String name, boolean sized, long total, long copied, long skipped, long bytesTotal, long bytesCopied, long rate,
                 Double percent, String eta, String objects, String bytes, String rateText, String done) {
        ProgressStatus s = ProgressStatus.of(new Progress(sized, total, copied, skipped, 0, bytesTotal, bytesCopied, rate, "k"));
        assertEquals(percent, s.percent());
        assertEquals(done, s.done(), "the Progress column");
        assertEquals(eta, s.eta());
        assertEquals(objects, s.objects());
        assertEquals(bytes, s.bytes());
        assertEquals(rateText, s.rate());
    }
}
