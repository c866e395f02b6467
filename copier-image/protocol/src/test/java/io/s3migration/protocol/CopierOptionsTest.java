package io.s3migration.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy options added for issue 3: defaults, withers, env round trip, invalid values named. */
class CopierOptionsTest {
    static final Bucket SRC = new Bucket("https://s3.example.com", "eu-1", "a", "p/", true);
    static final Bucket DST = new Bucket(null, "us-east-1", "b", "", false);

    @Test
    void defaultsKeepThePhaseOneBehaviour() {
        CopierConfig c = CopierConfig.of(Mode.COPY, SRC, DST);
        assertEquals(0, c.bandwidthLimit());
        assertEquals(VerifyLevel.CHECKSUM, c.verify());
        assertEquals(ArchivedObjectPolicy.FAIL, c.onArchivedObject());
        assertTrue(c.preserveMetadata());
        assertEquals(null, c.storageClass());
        assertEquals(List.of(), c.allowedAddresses());
        assertEquals(c, CopierConfig.fromEnv(c.toEnv()));
    }

    @Test
    void everyOptionRoundTripsThroughTheEnvironment() {
        CopierConfig c = CopierConfig.of(Mode.VERIFY, SRC, DST)
                .withBandwidthLimit(10_000_000)
                .withVerify(VerifyLevel.SIZE)
                .withOnArchivedObject(ArchivedObjectPolicy.SKIP)
                .withPreserveMetadata(false)
                .withStorageClass("STANDARD_IA")
                .withAllowedAddresses(List.of("127.0.0.1/32", "10.1.0.0/16"), List.of("storage.platform.example"))
                .withBlockedAddresses(List.of("10.96.0.0/12"))
                .withCheckpoint("p/x");
        Map<String, String> env = c.toEnv();
        assertEquals("10000000", env.get(CopierConfig.BANDWIDTH_LIMIT));
        assertEquals("size", env.get(CopierConfig.VERIFY));
        assertEquals("skip", env.get(CopierConfig.ON_ARCHIVED_OBJECT));
        assertEquals("127.0.0.1/32,10.1.0.0/16", env.get(CopierConfig.ALLOWED_ADDRESSES));
        assertEquals("storage.platform.example", env.get(CopierConfig.ALLOWED_HOSTS));
        assertEquals("10.96.0.0/12", env.get(CopierConfig.BLOCKED_ADDRESSES));
        assertEquals(c, CopierConfig.fromEnv(env));
    }

    @Test
    void privateRangesWithoutTheHostsTheyAreForAreRefused() {
        Map<String, String> env = new HashMap<>(CopierConfig.of(Mode.COPY, SRC, DST).toEnv());
        env.put(CopierConfig.ALLOWED_ADDRESSES, "10.20.0.0/16");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierConfig.fromEnv(env));
        assertTrue(e.getMessage().contains(CopierConfig.ALLOWED_HOSTS), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"S3M_VERIFY, md5", "S3M_ON_ARCHIVED_OBJECT, restore", "S3M_PRESERVE_METADATA, yes", "S3M_BANDWIDTH_LIMIT, -1",
            "S3M_BANDWIDTH_LIMIT, 10MB"})
    void invalidOptionsNameTheVariable(String name, String value) {
        Map<String, String> env = new HashMap<>(CopierConfig.of(Mode.COPY, SRC, DST).toEnv());
        env.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierConfig.fromEnv(env));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void aCheckpointOutsideTheSourcePrefixIsRefusedNamingIt() {
        Map<String, String> env = new HashMap<>(CopierConfig.of(Mode.COPY, SRC, DST).withCheckpoint("p/x").toEnv());
        assertEquals("p/x", CopierConfig.fromEnv(env).checkpoint());
        env.put(CopierConfig.CHECKPOINT, "q/x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierConfig.fromEnv(env));
        assertTrue(e.getMessage().contains(CopierConfig.CHECKPOINT) && e.getMessage().contains("'p/'"), e.getMessage());
    }

    @Test
    void modeAndSidesWithersKeepEverythingElse() {
        CopierConfig c = CopierConfig.of(Mode.COPY, SRC, DST).withBandwidthLimit(5)
                .withAllowedAddresses(List.of("10.0.0.0/8"), List.of("storage.platform.example")).withBlockedAddresses(List.of("10.96.0.0/12"));
        CopierConfig v = c.withMode(Mode.VERIFY).withSource(DST).withDestination(SRC);
        assertEquals(Mode.VERIFY, v.mode());
        assertEquals(DST, v.source());
        assertEquals(SRC, v.destination());
        assertEquals(5, v.bandwidthLimit());
        assertEquals(c.allowedAddresses(), v.allowedAddresses());
        assertEquals(c.allowedHosts(), v.allowedHosts());
        assertEquals(c.blockedAddresses(), v.blockedAddresses());
    }

    @Test
    void archivedClasses() {
        assertTrue(ArchivedObjectPolicy.isArchived("GLACIER"));
        assertTrue(ArchivedObjectPolicy.isArchived("DEEP_ARCHIVE"));
        assertEquals(false, ArchivedObjectPolicy.isArchived("GLACIER_IR"));
        assertEquals(false, ArchivedObjectPolicy.isArchived("STANDARD"));
        assertEquals(false, ArchivedObjectPolicy.isArchived(null));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(nullValues = "-", value = {
            // provider, endpoint, region, -> endpoint, region, pathStyle
            "aws, -, eu-west-1, -, eu-west-1, false",
            "wasabi, -, -, https://s3.wasabisys.com, us-east-1, false",
            "wasabi, -, eu-central-1, https://s3.eu-central-1.wasabisys.com, eu-central-1, false",
            "b2, -, us-west-004, https://s3.us-west-004.backblazeb2.com, us-west-004, false",
            "r2, https://acc.r2.cloudflarestorage.com, eu, https://acc.r2.cloudflarestorage.com, auto, false",
            "gcs, -, -, https://storage.googleapis.com, auto, false",
            "minio, http://minio.storage:9000, -, http://minio.storage:9000, us-east-1, true",
            "custom, https://ceph.example.org, -, https://ceph.example.org, -, false",
            "wasabi, https://s3.ap-northeast-1.wasabisys.com, ap-northeast-1, https://s3.ap-northeast-1.wasabisys.com, ap-northeast-1, false"})
    void presets(String provider, String endpoint, String region, String wantEndpoint, String wantRegion, boolean wantPathStyle) {
        Bucket b = Provider.parse(provider).apply(new Bucket(endpoint, region, "bkt", "pre/", false));
        assertEquals(wantEndpoint, b.endpoint());
        assertEquals(wantRegion, b.region());
        assertEquals(wantPathStyle, b.pathStyle());
        assertEquals("bkt", b.bucket());
        assertEquals("pre/", b.prefix());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"aws, -, -", "b2, -, -", "r2, -, auto", "minio, -, -", "custom, -, -", "ibm, https://x, -"})
    void presetsRefuseWhatTheyCannotFillIn(String provider, String endpoint, String region) {
        assertThrows(IllegalArgumentException.class, () -> Provider.parse(provider).apply(new Bucket(endpoint, region, "b", "", false)));
    }
}
