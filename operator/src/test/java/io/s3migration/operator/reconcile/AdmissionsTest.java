package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Phase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quota race: admissions the informer cache does not show yet still hold their slot. */
class AdmissionsTest {
    static final Instant NOW = QuotasTest.NOW;
    static final Quotas.Limits ONE = new Quotas.Limits(1, 0);

    @Test
    void anAdmissionNotYetInTheCacheCountsAsRunning() {
        Map<String, Admissions.Admitted> pending = new HashMap<>(Map.of(
                "a", new Admissions.Admitted(Phase.Pending, new Quotas.Usage("a", Phase.Preflight, null), NOW)));
        List<Quotas.Usage> amended = Admissions.amend(List.of(new Quotas.Usage("a", Phase.Pending, null)), pending, NOW);
        assertEquals(List.of(new Quotas.Usage("a", Phase.Preflight, null)), amended);
        assertEquals(1, pending.size());
    }

    @Test
    void theCacheCatchingUpOrTimeForgetsTheAdmission() {
        Map<String, Admissions.Admitted> pending = new HashMap<>(Map.of(
                "a", new Admissions.Admitted(Phase.Pending, new Quotas.Usage("a", Phase.Preflight, null), NOW),
                "b", new Admissions.Admitted(Phase.Queued, new Quotas.Usage("b", Phase.Preflight, null), NOW)));
        // a: the cache shows its new phase (even one that ended already); b: its status write never arrived.
        List<Quotas.Usage> amended = Admissions.amend(List.of(new Quotas.Usage("a", Phase.Failed, null),
                new Quotas.Usage("b", Phase.Queued, null)), pending, NOW.plus(Admissions.FORGET_AFTER).plusSeconds(1));
        assertEquals(Map.of(), pending);
        assertTrue(amended.stream().noneMatch(u -> u.phase().isActive()), amended::toString);
    }

    /** Two migrations of one namespace decided at the same instant on a stale cache, limit one: exactly one starts. */
    @Test
    void twoAdmissionsAtOnceOnAStaleCacheTakeOneSlot() throws Exception {
        Admissions admissions = new Admissions();
        // The cache as both reconciles see it: neither has started.
        List<Quotas.Usage> cache = List.of(new Quotas.Usage("a", Phase.Pending, null), new Quotas.Usage("b", Phase.Pending, null));
        CountDownLatch bothReady = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> started = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                started.add(pool.submit(() -> {
                    bothReady.countDown();
                    bothReady.await();
                    List<Quotas.Usage> others = cache.stream().filter(u -> !u.name().equals(name)).toList();
                    return admissions.decide("ns", name, Phase.Pending, others, NOW, seen -> {
                        boolean allowed = Quotas.admit(ONE, false, seen, List.of(), NOW).allowed();
                        sleep(); // the window in which the other reconcile would read the same cache
                        return allowed;
                    }, allowed -> new Quotas.Usage(name, allowed ? Phase.Preflight : Phase.Queued, null));
                }));
            }
            int running = 0;
            for (Future<Boolean> f : started) {
                running += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, running, "limit 1, two admitted at once");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
