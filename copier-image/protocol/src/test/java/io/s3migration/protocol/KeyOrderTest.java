package io.s3migration.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyOrderTest {
    @Test
    void ordersLikeUtf8BytesForRandomKeysIncludingSupplementaryCharacters() {
        Random random = new Random(7);
        int[] pool = {'a', 'b', '/', ' ', 0x7F, 0xE9, 0x65E5, 0xFF21, 0xFFFD, 0x1F600, 0x10400};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = random.nextInt(6); j >= 0; j--) {
                sb.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            keys.add(sb.toString());
        }
        List<String> byOrder = new ArrayList<>(keys);
        byOrder.sort(KeyOrder.INSTANCE);
        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertEquals(byBytes, byOrder);
    }
}
