package io.s3migration.copier.side;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class OnFirstUseTest {

    @Test
    void nothingIsMadeUntilAskedAndIfBuiltMakesNothing() {
        AtomicInteger made = new AtomicInteger();
        OnFirstUse<Object> client = new OnFirstUse<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        List<Object> closed = new ArrayList<>();
        client.ifBuilt(closed::add);
        assertEquals(0, made.get());
        assertEquals(List.of(), closed);

        Object first = client.get();
        assertSame(first, client.get());
        client.ifBuilt(closed::add);
        assertEquals(1, made.get());
        assertEquals(List.of(first), closed);
    }

    @Test
    void manyThreadsAskingAtOnceGetOneValue() throws Exception {
        AtomicInteger made = new AtomicInteger();
        OnFirstUse<Object> client = new OnFirstUse<>(() -> {
            made.incrementAndGet();
            return new Object();
        });
        CountDownLatch start = new CountDownLatch(1);
        Object[] seen = new Object[8];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < seen.length; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                seen[n] = client.get();
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, made.get());
        for (Object o : seen) {
            assertSame(seen[0], o);
        }
    }

    @Test
    void oneMadeAlreadyIsHandedToIfBuilt() {
        Object value = new Object();
        List<Object> closed = new ArrayList<>();
        OnFirstUse.of(value).ifBuilt(closed::add);
        assertEquals(List.of(value), closed);
    }
}
