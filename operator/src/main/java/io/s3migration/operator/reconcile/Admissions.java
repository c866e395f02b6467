package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Closes the quota race: the quota reads the informer cache, which shows an admission only once its status write
 * comes back, so two migrations reconciled at the same instant could both take the last slot. Admissions in one
 * namespace are serialized here, and each is remembered until the cache shows it.
 */
public final class Admissions {
    /** Past this, a remembered admission whose status never reached the cache (failed write) is forgotten. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(2);

    /** {@code before}: the phase the cache showed when it was admitted; the cache has caught up once it differs. */
    record Admitted(Phase before, Quotas.Usage after, Instant at) {
    }

    private final Map<String, Map<String, Admitted>> byNamespace = new ConcurrentHashMap<>();

    /**
     * Runs {@code decide} alone among the namespace's admissions, with {@code cached} amended by the admissions the
     * cache does not show yet; remembers {@code name} when the decision moves it from not running to running.
     */
    public <T> T decide(String namespace, String name, Phase before, List<Quotas.Usage> cached, Instant now,
                        Function<List<Quotas.Usage>, T> decide, Function<T, Quotas.Usage> after) {
        Map<String, Admitted> pending = byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>());
        synchronized (pending) {
            T decision = decide.apply(amend(cached, pending, now).stream().filter(u -> !u.name().equals(name)).toList());
            Quotas.Usage next = after.apply(decision);
            if (next.phase() != null && next.phase().isActive() && (before == null || !before.isActive())) {
                pending.put(name, new Admitted(before, next, now));
            } else {
                pending.remove(name);
            }
            return decision;
        }
    }

    /**
     * Pure: the cached usages with each remembered admission the cache does not show yet in place of (or added to)
     * its cached entry; drops from {@code pending} what the cache shows or what is too old.
     */
    static List<Quotas.Usage> amend(List<Quotas.Usage> cached, Map<String, Admitted> pending, Instant now) {
        Map<String, Quotas.Usage> seen = new HashMap<>();
        cached.forEach(u -> seen.put(u.name(), u));
        pending.entrySet().removeIf(e -> {
            Quotas.Usage inCache = seen.get(e.getKey());
            boolean caughtUp = inCache != null && inCache.phase() != e.getValue().before();
            return caughtUp || Duration.between(e.getValue().at(), now).compareTo(FORGET_AFTER) > 0;
        });
        pending.forEach((name, admitted) -> seen.put(name, admitted.after()));
        return List.copyOf(seen.values());
    }
}
