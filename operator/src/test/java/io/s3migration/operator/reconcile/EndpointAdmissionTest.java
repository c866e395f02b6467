package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.SecretRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A preset that lacks what it needs is refused with a sentence naming the field to set. */
class EndpointAdmissionTest {

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
}
