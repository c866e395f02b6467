package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRD on a real API server: its OpenAPI schema and CEL rules ({@code x-kubernetes-validations}) turn
 * bad specs and forbidden changes away with messages a user can act on. The Fabric8 mock server stores anything,
 * so only this tier proves them. {@link #everyCelRuleOfTheCrdIsExercised()} keeps the cases in step with the CRD.
 */
class CrdValidationApiServerTest extends CrdOnRealApiServer {
    private static final AtomicInteger names = new AtomicInteger();

    /** A spec (a merge patch over {@link Manifests#VALID_SPEC}) the server must refuse, and a fragment of why. */
    record Refused(String description, String specPatch, String expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A change to a stored MigrationJob; {@code expected} is null when the server must accept it. */
    record Change(String description, String initialPatch, String changePatch, String expected) {
        @Override
        public String toString() {
            return description + (expected == null ? " (allowed)" : " (refused)");
        }
    }

    static final String BUCKET_RULE = "bucket must be 3-63 characters of lowercase letters";
    static final String ENDPOINT_RULE = "endpoint must look like https://host[:port]";
    static final String SCHEDULE_RULE = "schedule must be a 5-field cron expression in UTC";

    static final List<Refused> REFUSED = List.of(
            new Refused("no source", "source: null", "spec.source: Required value"),
            new Refused("no destination", "destination: null", "spec.destination: Required value"),
            new Refused("no source bucket", "source: {bucket: null}", "spec.source.bucket: Required value"),
            new Refused("no destination bucket", "destination: {bucket: null}", "spec.destination.bucket: Required value"),
            new Refused("no source Secret", "source: {credentialsSecretRef: null}",
                    "spec.source.credentialsSecretRef: Required value"),
            new Refused("no destination Secret name", "destination: {credentialsSecretRef: {name: null, accessKeyIdKey: id}}",
                    "spec.destination.credentialsSecretRef.name: Required value"),
            new Refused("concurrency 0", "options: {concurrency: 0}", "should be greater than or equal to 1"),
            new Refused("concurrency 1025", "options: {concurrency: 1025}", "should be less than or equal to 1024"),
            new Refused("concurrency not a number", "options: {concurrency: many}",
                    "spec.options.concurrency in body must be of type integer"),
            new Refused("bucket not a string", "source: {bucket: 42}", "spec.source.bucket in body must be of type string"),
            new Refused("pathStyle not a boolean", "source: {pathStyle: sometimes}",
                    "spec.source.pathStyle in body must be of type boolean"),
            new Refused("unknown credentialsRetention", "credentialsRetention: Sometimes",
                    "spec.credentialsRetention: Unsupported value: \"Sometimes\""),
            new Refused("upper-case bucket", "source: {bucket: Photos}", BUCKET_RULE),
            new Refused("two-letter bucket", "destination: {bucket: ab}", BUCKET_RULE),
            new Refused("bucket with ..", "source: {bucket: a..b}", BUCKET_RULE),
            new Refused("bucket ending in -", "source: {bucket: photos-}", BUCKET_RULE),
            new Refused("bucket with _", "destination: {bucket: my_bucket}", BUCKET_RULE),
            new Refused("bucket shaped like an IP", "source: {bucket: 192.168.1.1}", BUCKET_RULE),
            new Refused("64-character bucket", "source: {bucket: " + "a".repeat(64) + "}", "Too long: may not be"),
            new Refused("ftp endpoint", "source: {endpoint: 'ftp://s3.example.com'}", ENDPOINT_RULE),
            new Refused("endpoint without scheme", "source: {endpoint: s3.example.com}", ENDPOINT_RULE),
            new Refused("endpoint with user", "source: {endpoint: 'https://key@s3.example.com'}", ENDPOINT_RULE),
            new Refused("endpoint with a path", "destination: {endpoint: 'https://s3.example.com/photos'}", ENDPOINT_RULE),
            new Refused("endpoint with a query", "source: {endpoint: 'https://s3.example.com?x=1'}", ENDPOINT_RULE),
            new Refused("endpoint with a fragment", "source: {endpoint: 'https://169.254.169.254#x'}", ENDPOINT_RULE),
            new Refused("endpoint with a space", "source: {endpoint: 'https://s3 .example.com'}", ENDPOINT_RULE),
            new Refused("unknown source provider", "source: {provider: oracle}", "spec.source.provider: Unsupported value: \"oracle\""),
            new Refused("unknown destination provider", "destination: {provider: AWS}",
                    "spec.destination.provider: Unsupported value: \"AWS\""),
            new Refused("bandwidthLimit in bits", "options: {bandwidthLimit: 100Mbit}", "bandwidthLimit must be bytes per second"),
            new Refused("negative bandwidthLimit", "options: {bandwidthLimit: '-5Mi'}", "bandwidthLimit must be bytes per second"),
            new Refused("unknown onArchivedObject", "options: {onArchivedObject: restore}",
                    "spec.options.onArchivedObject: Unsupported value: \"restore\""),
            new Refused("unknown verify", "options: {verify: md5}", "spec.options.verify: Unsupported value: \"md5\""),
            new Refused("cancel with preflightOnly", "cancel: true\npreflightOnly: true",
                    "cancel and preflightOnly cannot both be true"),
            new Refused("unknown verification", "verification: Sometimes", "spec.verification: Unsupported value: \"Sometimes\""),
            new Refused("a manual trigger that is not a string", "trigger: {manual: [1, 2]}",
                    "spec.trigger.manual in body must be of type string"),
            new Refused("a 254-character manual trigger", "trigger: {manual: " + "t".repeat(254) + "}", "Too long: may not be"),
            new Refused("schedule with 4 fields", "trigger: {schedule: '0 2 * *'}", SCHEDULE_RULE),
            new Refused("schedule with 6 fields (seconds)", "trigger: {schedule: '0 0 2 * * *'}", SCHEDULE_RULE),
            new Refused("schedule minute 60", "trigger: {schedule: '60 * * * *'}", SCHEDULE_RULE),
            new Refused("schedule hour 24", "trigger: {schedule: '0 24 * * *'}", SCHEDULE_RULE),
            new Refused("schedule day of month 0", "trigger: {schedule: '0 0 0 * *'}", SCHEDULE_RULE),
            new Refused("schedule month 13", "trigger: {schedule: '0 0 1 13 *'}", SCHEDULE_RULE),
            new Refused("schedule day of week 8", "trigger: {schedule: '0 0 * * 8'}", SCHEDULE_RULE),
            new Refused("schedule with names", "trigger: {schedule: '0 2 * * MON'}", SCHEDULE_RULE),
            new Refused("schedule macro", "trigger: {schedule: '@daily'}", SCHEDULE_RULE),
            new Refused("schedule empty", "trigger: {schedule: ''}", SCHEDULE_RULE),
            new Refused("a 101-character schedule", "trigger: {schedule: '" + "1,".repeat(50) + "1'}", "Too long: may not be"),
            new Refused("a source key and a source prefix", "source: {key: 2025/report.pdf}",
                    "spec.source: set key (one object) or prefix (everything under it), not both"),
            new Refused("a destination key and a destination prefix", "source: {prefix: null, key: r.pdf}\ndestination: {key: r.pdf, prefix: in/}",
                    "spec.destination: set key (where the one source object goes) or prefix"),
            new Refused("a destination key without a source key", "destination: {key: 2025/report.pdf}",
                    "spec.destination.key names where one object goes: set spec.source.key"),
            new Refused("a source key with a destination prefix", "source: {prefix: null, key: r.pdf}\ndestination: {prefix: in/}",
                    "spec.source.key copies one object: name its destination with spec.destination.key"),
            new Refused("an empty source key", "source: {prefix: null, key: ''}", "spec.source.key in body should be at least 1 chars long"),
            new Refused("a report without its prefix", "report: {}", "spec.report.destinationPrefix: Required value"),
            new Refused("parallelism 0", "parallelism: 0", "spec.parallelism in body should be greater than or equal to 1"),
            new Refused("parallelism 65 (status.shards would outgrow the object)", "parallelism: 65",
                    "spec.parallelism in body should be less than or equal to 64"));

    static final List<Change> CHANGES = List.of(
            new Change("source bucket", "", "source: {bucket: other-photos}",
                    "spec.source cannot change once the migration has started"),
            new Change("source endpoint", "", "source: {endpoint: 'https://s3.us-east-1.amazonaws.com'}",
                    "spec.source cannot change once the migration has started"),
            new Change("source prefix", "", "source: {prefix: 2024/}", "spec.source cannot change once the migration has started"),
            new Change("destination bucket", "", "destination: {bucket: elsewhere}",
                    "spec.destination cannot change once the migration has started"),
            new Change("destination pathStyle", "", "destination: {pathStyle: true}",
                    "spec.destination cannot change once the migration has started"),
            new Change("source Secret", "", "source: {credentialsSecretRef: {name: rotated-keys}}", null),
            new Change("destination Secret", "", "destination: {credentialsSecretRef: {name: rotated-keys}}", null),
            new Change("options", "", "options: {concurrency: 4}", null),
            new Change("cancel", "", "cancel: true", null),
            new Change("suspend and resume", "suspend: true", "suspend: false", null),
            new Change("a manual trigger, then another", "trigger: {manual: first}", "trigger: {manual: final}", null),
            new Change("a schedule added, then removed for the final pass", "trigger: {schedule: '0 */6 * * *'}",
                    "trigger: {manual: final}", null),
            new Change("un-cancel", "cancel: true", "cancel: false", "a cancelled MigrationJob cannot be un-cancelled"),
            new Change("parallelism", "parallelism: 4", "parallelism: 8",
                    "spec.parallelism cannot change once the migration has started"),
            new Change("parallelism set where it was the default 1", "", "parallelism: 2",
                    "spec.parallelism cannot change once the migration has started"),
            new Change("parallelism 1 written out (the default)", "", "parallelism: 1", null),
            new Change("source key", "source: {prefix: null, key: a.pdf}", "source: {key: b.pdf}",
                    "spec.source cannot change once the migration has started"),
            new Change("destination key", "source: {prefix: null, key: a.pdf}\ndestination: {key: a.pdf}", "destination: {key: b.pdf}",
                    "spec.destination cannot change once the migration has started"),
            new Change("a report added to a started migration (the next run writes one)", "",
                    "report: {destinationPrefix: s3migration-reports/}", null));

    @Test
    void acceptsAValidSpecAndStoresItWithTheSchemaDefaultsFilledIn() {
        GenericKubernetesResource created = admin.resource(Manifests.migrationJob(namespace, "valid", "")).create();

        GenericKubernetesResource stored = get("valid");
        assertEquals(created.getMetadata().getUid(), stored.getMetadata().getUid());
        Map<String, Object> spec = StatusSubresourceApiServerTest.spec(stored);
        assertStoredAsGiven(Manifests.yaml(Manifests.VALID_SPEC), spec, "spec");
        // What the operator would assume anyway is visible in the object (schema defaults, filled by the API server).
        assertEquals("DeleteWhenDone", spec.get("credentialsRetention"));
        assertEquals("checksum", ((Map<?, ?>) spec.get("options")).get("verify"));
        assertEquals(1L, stored.getMetadata().getGeneration());
    }

    /** Every field given is stored with its value; fields left out may carry their schema default. */
    static void assertStoredAsGiven(Map<?, ?> given, Map<?, ?> stored, String path) {
        given.forEach((key, value) -> {
            Object kept = stored.get(key);
            if (value instanceof Map<?, ?> nested && kept instanceof Map<?, ?> keptMap) {
                assertStoredAsGiven(nested, keptMap, path + "." + key);
            } else {
                assertEquals(value, kept, path + "." + key);
            }
        });
    }

    @Test
    void prunesFieldsTheSchemaDoesNotKnow() {
        admin.resource(Manifests.migrationJob(namespace, "pruned", """
                source: {bucketz: typo}
                sneaky: {command: ["sh"]}
                """)).create();

        Map<String, Object> spec = StatusSubresourceApiServerTest.spec(get("pruned"));
        assertFalse(spec.containsKey("sneaky"), spec.toString());
        assertFalse(((Map<?, ?>) spec.get("source")).containsKey("bucketz"), spec.toString());
    }

    static Stream<Refused> refused() {
        return REFUSED.stream();
    }

    @ParameterizedTest(name = "[{index}] schedule ''{0}'' accepted")
    @ValueSource(strings = {"0 2 * * *", "*/15 0-6,20-23 1,15 */2 1-5", "59 23 31 12 7", "00 00 01 01 0", "5/10 * * * *"})
    void acceptsCronSchedules(String schedule) {
        String name = "cron-" + names.incrementAndGet();
        admin.resource(Manifests.migrationJob(namespace, name, "trigger: {schedule: '" + schedule + "', manual: final}")).create();
        assertEquals(schedule, ((Map<?, ?>) StatusSubresourceApiServerTest.spec(get(name)).get("trigger")).get("schedule"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refused")
    void rejectsInvalidSpecs(Refused c) {
        GenericKubernetesResource bad = Manifests.migrationJob(namespace, "bad-" + names.incrementAndGet(), c.specPatch());

        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> admin.resource(bad).create(), c.description() + " was accepted");

        assertEquals(422, refused.getCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains(c.expected()),
                () -> "expected \"" + c.expected() + "\" in: " + refused.getMessage());
    }

    static Stream<Change> changes() {
        return CHANGES.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("changes")
    void guardsChangesToAStartedMigrationJob(Change c) {
        String name = "change-" + names.incrementAndGet();
        admin.resource(Manifests.migrationJob(namespace, name, c.initialPatch())).create();
        setPhase(name, "Running");
        GenericKubernetesResource changed = get(name);
        changed.setAdditionalProperty("spec", Manifests.mergePatch(StatusSubresourceApiServerTest.spec(changed),
                Manifests.yaml(c.changePatch())));

        if (c.expected() == null) {
            admin.resource(changed).update();
            Map<String, Object> expected = Manifests.mergePatch(
                    Manifests.mergePatch(Manifests.yaml(Manifests.VALID_SPEC),
                            c.initialPatch().isBlank() ? Map.of() : Manifests.yaml(c.initialPatch())),
                    Manifests.yaml(c.changePatch()));
            assertStoredAsGiven(expected, StatusSubresourceApiServerTest.spec(get(name)), "spec");
            return;
        }
        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> admin.resource(changed).update(), c.description() + " change was accepted");
        assertEquals(422, refused.getCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains(c.expected()),
                () -> "expected \"" + c.expected() + "\" in: " + refused.getMessage());
    }

    /** Until the migration starts (no phase yet, Pending, Queued) a mistyped bucket or endpoint may be corrected. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "Pending", "Queued"})
    void bucketsMayBeCorrectedBeforeTheMigrationStarts(String phase) {
        String name = "correct-" + names.incrementAndGet();
        admin.resource(Manifests.migrationJob(namespace, name, "")).create();
        if (!phase.isEmpty()) {
            setPhase(name, phase);
        }
        GenericKubernetesResource changed = get(name);
        changed.setAdditionalProperty("spec", Manifests.mergePatch(StatusSubresourceApiServerTest.spec(changed),
                Manifests.yaml("source: {bucket: other-photos}\ndestination: {endpoint: 'https://s3.eu-west-1.amazonaws.com'}")));

        admin.resource(changed).update();

        Map<String, Object> spec = StatusSubresourceApiServerTest.spec(get(name));
        assertEquals("other-photos", ((Map<?, ?>) spec.get("source")).get("bucket"));
        assertEquals("https://s3.eu-west-1.amazonaws.com", ((Map<?, ?>) spec.get("destination")).get("endpoint"));
    }

    /**
     * A migration that started and waits again (resumed over quota: Queued; its Secret gone: Pending) keeps its
     * checkpoint: resuming it into other buckets would skip everything before the checkpoint there.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Pending", "Queued"})
    void bucketsStayLockedWhenAStartedMigrationWaitsAgain(String phase) {
        String name = "waiting-" + names.incrementAndGet();
        admin.resource(Manifests.migrationJob(namespace, name, "")).create();
        GenericKubernetesResource current = get(name);
        current.setAdditionalProperty("status", Map.of("phase", phase, "startTime", "2026-11-22T10:00:00Z",
                "checkpoint", Map.of("lastKey", "photos/0420.jpg")));
        admin.resource(current).updateStatus();
        GenericKubernetesResource changed = get(name);
        changed.setAdditionalProperty("spec", Manifests.mergePatch(StatusSubresourceApiServerTest.spec(changed),
                Manifests.yaml("destination: {bucket: other-archive}")));

        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> admin.resource(changed).update());
        assertEquals(422, refused.getCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains("spec.destination cannot change once the migration has started"), refused.getMessage());
    }

    private static void setPhase(String name, String phase) {
        GenericKubernetesResource current = get(name);
        current.setAdditionalProperty("status", Map.of("phase", phase));
        admin.resource(current).updateStatus();
    }

    /** A CEL rule added to the CRD without a case here fails this test, so the tier stays in step with the CRD. */
    @Test
    void everyCelRuleOfTheCrdIsExercised() {
        List<String> messages = new ArrayList<>();
        collectRuleMessages(MigrationJobCrd.read().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(),
                messages);
        assertFalse(messages.isEmpty(), "the CRD has no x-kubernetes-validations at all");
        List<String> covered = Stream.concat(REFUSED.stream().map(Refused::expected),
                CHANGES.stream().map(Change::expected)).filter(e -> e != null).toList();
        for (String message : messages) {
            assertTrue(covered.stream().anyMatch(message::startsWith),
                    "no test case for the CRD rule \"" + message + "\"");
        }
    }

    private static void collectRuleMessages(JSONSchemaProps schema, List<String> messages) {
        if (schema == null) {
            return;
        }
        if (schema.getXKubernetesValidations() != null) {
            schema.getXKubernetesValidations().stream().map(ValidationRule::getMessage).forEach(messages::add);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> collectRuleMessages(p, messages));
        }
        if (schema.getItems() != null) {
            collectRuleMessages(schema.getItems().getSchema(), messages);
        }
    }

}
