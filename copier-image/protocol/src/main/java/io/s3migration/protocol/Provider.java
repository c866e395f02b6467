package io.s3migration.protocol;

import java.util.Locale;

/**
 * Provider presets: what a user means by "wasabi in eu-central-1" as endpoint, region and addressing. Pure;
 * the operator applies it to the spec, the copier then sees an ordinary {@link Bucket}. An explicit endpoint
 * always wins over the preset's.
 */
public enum Provider {
    /** AWS S3: the SDK derives the endpoint from the region. */
    AWS,
    /** Wasabi: {@code s3.<region>.wasabisys.com}. */
    WASABI,
    /** Backblaze B2's S3 API: {@code s3.<region>.backblazeb2.com}; rejects the SDK's default flexible checksums. */
    B2,
    /** Cloudflare R2: the account endpoint must be given; the region is always {@code auto}. */
    R2,
    /** Google Cloud Storage, XML/interop API with HMAC keys. */
    GCS,
    /** MinIO: the endpoint must be given; path-style addressing. */
    MINIO,
    /** Anything else S3-compatible: endpoint, region and path style exactly as given. */
    CUSTOM;

    public static Provider parse(String value) {
        if (value == null || value.isBlank()) {
            return CUSTOM;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider must be one of aws, wasabi, b2, r2, gcs, minio, custom, got '" + value + "'");
        }
    }

    /** The bucket with this provider's endpoint, region and path style filled in. */
    public Bucket apply(Bucket b) {
        String region = b.region();
        String endpoint = b.endpoint();
        boolean pathStyle = b.pathStyle();
        switch (this) {
            case AWS -> region = require(region, "aws needs a region");
            case WASABI -> {
                region = region == null ? "us-east-1" : region;
                endpoint = endpoint != null ? endpoint
                        : "us-east-1".equals(region) ? "https://s3.wasabisys.com" : "https://s3." + region + ".wasabisys.com";
            }
            case B2 -> {
                region = require(region, "b2 needs the bucket's region, e.g. us-west-004");
                endpoint = endpoint != null ? endpoint : "https://s3." + region + ".backblazeb2.com";
            }
            case R2 -> {
                endpoint = require(endpoint, "r2 needs the account endpoint https://<account-id>.r2.cloudflarestorage.com");
                region = "auto";
            }
            case GCS -> {
                endpoint = endpoint != null ? endpoint : "https://storage.googleapis.com";
                region = region == null ? "auto" : region;
            }
            case MINIO -> {
                endpoint = require(endpoint, "minio needs an endpoint");
                region = region == null ? "us-east-1" : region;
                pathStyle = true;
            }
            case CUSTOM -> endpoint = require(endpoint, "custom needs an endpoint");
        }
        return new Bucket(endpoint, region, b.bucket(), b.prefix(), pathStyle, b.exactKey());
    }

    private static String require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
