package io.s3migration.operator.policy;

import io.s3migration.operator.support.FixedHostResolver;
import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.SecretRef;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A preset that lacks what it needs is refused with a sentence naming the field to set; the copier's connect-time
 * guard the operator derives from its endpoint policy and egress settings.
 */
class EndpointAdmissionTest {
    static final Bucket PUBLIC = new Bucket("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "photos", null, false);
    static final Bucket PLATFORM = new Bucket("https://storage.platform.example", null, "photos", null, false);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            r2    | -                  | spec.source: r2 needs the account endpoint https://<account-id>.r2.cloudflarestorage.com: set spec.source.endpoint
            minio | -                  | spec.source: minio needs an endpoint: set spec.source.endpoint
            aws   | -                  | spec.source: aws needs a region: set spec.source.region
            b2    | -                  | spec.source: b2 needs the bucket's region, e.g. us-west-004: set spec.source.region
            ceph  | -                  | spec.source: provider must be one of aws, wasabi, b2, r2, gcs, minio, custom, got 'ceph': set spec.source.provider to one of them
            """)
    void presetRefusalsNameTheFieldToSet(String provider, String region, String message) {
        BucketSpec side = new BucketSpec(provider, null, region, "b", null, null, new SecretRef("s", null, null));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EndpointAdmission.resolve(side, "spec.source", null));

        assertEquals(message, refused.getMessage());
    }

    private static EndpointAdmission admission(Map<String, String> settings) {
        EndpointAdmission admission = new EndpointAdmission();
        admission.config = TestConfigs.of(settings);
        admission.resolver = new FixedHostResolver();
        return admission;
    }

    @Test
    void thePrivateRangesAreOpenOnlyToTheAllowlistedEndpointOfTheRun() {
        EndpointAdmission admission = admission(Map.of(
                "s3migration.policy.allowed-endpoints", "https://storage.platform.example",
                "s3migration.egress.allowed-cidrs", "10.20.0.0/16",
                "s3migration.policy.blocked-cidrs", "10.96.0.0/12,10.244.0.0/16"));

        CopierConfig guarded = admission.withAddressGuard(CopierConfig.of(Mode.COPY, PUBLIC, PLATFORM));

        assertEquals(List.of("10.20.0.0/16"), guarded.get(CopierSettings.ALLOWED_ADDRESSES));
        assertEquals(List.of("storage.platform.example"), guarded.get(CopierSettings.ALLOWED_HOSTS), "the public source is not allowlisted");
        assertEquals(List.of("10.96.0.0/12", "10.244.0.0/16"), guarded.get(CopierSettings.BLOCKED_ADDRESSES), "the cluster's networks, at connect too");
    }

    @Test
    void aRunWithNoAllowlistedEndpointGetsNoPrivateRangeAtAll() {
        EndpointAdmission admission = admission(Map.of(
                "s3migration.policy.allowed-endpoints", "https://storage.platform.example",
                "s3migration.egress.allowed-cidrs", "10.20.0.0/16"));

        CopierConfig guarded = admission.withAddressGuard(CopierConfig.of(Mode.COPY, PUBLIC,
                new Bucket("https://s3.public.example", null, "dst", null, false)));

        assertEquals(List.of(), guarded.get(CopierSettings.ALLOWED_ADDRESSES));
        assertEquals(List.of(), guarded.get(CopierSettings.ALLOWED_HOSTS));
        assertEquals(List.of(), guarded.get(CopierSettings.BLOCKED_ADDRESSES));
    }
}
