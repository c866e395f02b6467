package io.s3migration.operator.reconcile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The migrations started within the daily quota's window, per namespace, pure. The operator keeps it (in a ConfigMap of
 * its own namespace, {@link io.s3migration.operator.resources.StartLedgerConfigMap}) because the MigrationJobs are the
 * tenant's: one deleted after it finished must not give its start back. A start is the MigrationJob's name and
 * {@code status.startTime}: recording it again (a repeated reconcile) changes nothing, and one re-created under the same
 * name starts anew. As data: one key per namespace, each line {@code <startTime> <name>}, oldest first.
 */
public record StartLedger(Map<String, List<Start>> byNamespace) {
    public static final StartLedger EMPTY = new StartLedger(Map.of());

    public record Start(String name, Instant at) {
    }

    public StartLedger {
        byNamespace = Map.copyOf(byNamespace);
    }

    /** Reads the ConfigMap's data; a line that is not {@code <instant> <name>} (a hand edit) is skipped. */
    public static StartLedger parse(Map<String, String> data) {
        Map<String, List<Start>> byNamespace = new TreeMap<>();
        (data == null ? Map.<String, String>of() : data).forEach((namespace, lines) -> {
            List<Start> starts = new ArrayList<>();
            for (String line : lines.split("\n")) {
                String[] parts = line.trim().split(" ", 2);
                try {
                    if (parts.length == 2 && !parts[1].isBlank()) {
                        starts.add(new Start(parts[1].trim(), Instant.parse(parts[0])));
                    }
                } catch (DateTimeParseException garbled) {
                    // skipped: a line nobody can count is no start
                }
            }
            byNamespace.put(namespace, List.copyOf(starts));
        });
        return new StartLedger(byNamespace);
    }

    public Map<String, String> data() {
        Map<String, String> data = new TreeMap<>();
        byNamespace.forEach((namespace, starts) -> data.put(namespace, starts.stream()
                .map(s -> s.at() + " " + s.name()).collect(Collectors.joining("\n"))));
        return data;
    }

    public List<Start> in(String namespace) {
        return byNamespace.getOrDefault(namespace, List.of());
    }

    public boolean has(String namespace, Start start) {
        return in(namespace).contains(start);
    }

    /**
     * With {@code start} recorded and every start that has left the window dropped, in every namespace: the ledger
     * never holds more than the starts of the last 24 hours (at most the daily quota per namespace, give or take a race).
     */
    public StartLedger with(String namespace, Start start, Instant now) {
        Map<String, List<Start>> next = new TreeMap<>();
        byNamespace.forEach((ns, starts) -> next.put(ns, new ArrayList<>(starts)));
        List<Start> starts = next.computeIfAbsent(namespace, ns -> new ArrayList<>());
        if (!starts.contains(start)) {
            starts.add(start);
        }
        next.replaceAll((ns, list) -> list.stream().filter(s -> Quotas.withinWindow(s.at(), now))
                .sorted(Comparator.comparing(Start::at).thenComparing(Start::name)).toList());
        next.values().removeIf(List::isEmpty);
        return new StartLedger(next);
    }
}
