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
        assertEquals(0L, c.get(CopierSettings.BANDWIDTH_LIMIT));
        assertEquals(VerifyLevel.CHECKSUM, c.get(CopierSettings.VERIFY));
        assertEquals(ArchivedObjectPolicy.FAIL, c.get(CopierSettings.ON_ARCHIVED_OBJECT));
        assertTrue(c.get(CopierSettings.PRESERVE_METADATA));
        assertEquals(null, c.get(CopierSettings.STORAGE_CLASS));
        assertEquals(List.of(), c.get(CopierSettings.ALLOWED_ADDRESSES));
        assertEquals(c, CopierEnv.read(CopierEnv.write(c)));
    }

    @Test
    void everyOptionRoundTripsThroughTheEnvironment() {
        CopierConfig c = CopierConfig.of(Mode.VERIFY, SRC, DST)
                .with(CopierSettings.BANDWIDTH_LIMIT, 10_000_000L)
                .with(CopierSettings.VERIFY, VerifyLevel.SIZE)
                .with(CopierSettings.ON_ARCHIVED_OBJECT, ArchivedObjectPolicy.SKIP)
                .with(CopierSettings.PRESERVE_METADATA, false)
                .with(CopierSettings.STORAGE_CLASS, "STANDARD_IA")
                .withAllowedAddresses(List.of("127.0.0.1/32", "10.1.0.0/16"), List.of("storage.platform.example"))
                .with(CopierSettings.BLOCKED_ADDRESSES, List.of("10.96.0.0/12"))
                .with(CopierSettings.CHECKPOINT, "p/x");
        Map<String, String> env = CopierEnv.write(c);
        assertEquals("10000000", env.get(CopierSettings.BANDWIDTH_LIMIT.variable()));
        assertEquals("size", env.get(CopierSettings.VERIFY.variable()));
        assertEquals("skip", env.get(CopierSettings.ON_ARCHIVED_OBJECT.variable()));
        assertEquals("127.0.0.1/32,10.1.0.0/16", env.get(CopierSettings.ALLOWED_ADDRESSES.variable()));
        assertEquals("storage.platform.example", env.get(CopierSettings.ALLOWED_HOSTS.variable()));
        assertEquals("10.96.0.0/12", env.get(CopierSettings.BLOCKED_ADDRESSES.variable()));
        assertEquals(c, CopierEnv.read(env));
    }

    @Test
    void maxFailuresDefaultsToTwentyRoundTripsAndIsBounded() {
        assertEquals(20, CopierConfig.of(Mode.COPY, SRC, DST).get(CopierSettings.MAX_FAILURES));
        CopierConfig c = CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.MAX_FAILURES, 250);
        assertEquals("250", CopierEnv.write(c).get("S3M_MAX_FAILURES"));
        assertEquals(c, CopierEnv.read(CopierEnv.write(c)));
        assertEquals(0, CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.MAX_FAILURES, 0).get(CopierSettings.MAX_FAILURES));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.MAX_FAILURES, CopierSettings.MAX_FAILURES_LIMIT + 1));
        assertTrue(tooMany.getMessage().startsWith("S3M_MAX_FAILURES must be between 0 and 1000"), tooMany.getMessage());
    }

    @Test
    void privateRangesWithoutTheHostsTheyAreForAreRefused() {
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST)));
        env.put(CopierSettings.ALLOWED_ADDRESSES.variable(), "10.20.0.0/16");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains(CopierSettings.ALLOWED_HOSTS.variable()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"S3M_VERIFY, md5", "S3M_ON_ARCHIVED_OBJECT, restore", "S3M_PRESERVE_METADATA, yes", "S3M_BANDWIDTH_LIMIT, -1",
            "S3M_BANDWIDTH_LIMIT, 10MB"})
    void invalidOptionsNameTheVariable(String name, String value) {
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST)));
        env.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void aCheckpointOutsideTheSourcePrefixIsRefusedNamingIt() {
        Map<String, String> env = new HashMap<>(CopierEnv.write(CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.CHECKPOINT, "p/x")));
        assertEquals("p/x", CopierEnv.read(env).get(CopierSettings.CHECKPOINT));
        env.put(CopierSettings.CHECKPOINT.variable(), "q/x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CopierEnv.read(env));
        assertTrue(e.getMessage().contains(CopierSettings.CHECKPOINT.variable()) && e.getMessage().contains("'p/'"), e.getMessage());
    }

    @Test
    void modeAndSidesWithersKeepEverythingElse() {
        CopierConfig c = CopierConfig.of(Mode.COPY, SRC, DST).with(CopierSettings.BANDWIDTH_LIMIT, 5L)
                .withAllowedAddresses(List.of("10.0.0.0/8"), List.of("storage.platform.example")).with(CopierSettings.BLOCKED_ADDRESSES, List.of("10.96.0.0/12"));
        CopierConfig v = c.with(CopierSettings.MODE, Mode.VERIFY).with(CopierSettings.SOURCE, DST).with(CopierSettings.DESTINATION, SRC);
        assertEquals(Mode.VERIFY, v.mode());
        assertEquals(DST, v.source());
        assertEquals(SRC, v.destination());
        assertEquals(5L, v.get(CopierSettings.BANDWIDTH_LIMIT));
        assertEquals(c.get(CopierSettings.ALLOWED_ADDRESSES), v.get(CopierSettings.ALLOWED_ADDRESSES));
        assertEquals(c.get(CopierSettings.ALLOWED_HOSTS), v.get(CopierSettings.ALLOWED_HOSTS));
        assertEquals(c.get(CopierSettings.BLOCKED_ADDRESSES), v.get(CopierSettings.BLOCKED_ADDRESSES));
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
