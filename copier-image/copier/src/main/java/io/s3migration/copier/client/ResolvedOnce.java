package io.s3migration.copier.client;

import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3's endpoint rules and its endpoint-based auth-scheme resolution run for every request, yet one side of a
 * migration always gets the same answer: one endpoint, one bucket. This caches the SDK's own answers per bucket
 * and operation (the profile of 20,000 small objects spent ~8% of the copier's CPU there). Only plain bucket
 * names are cached: for an ARN, an S3 Express bucket or an object-lambda endpoint the answer may depend on the
 * key, so those still ask the SDK every time.
 */
public final class ResolvedOnce {
    private static final int MAX_ENTRIES = 256;

    private ResolvedOnce() {
    }

    /** The SDK's endpoint provider, its answers cached. */
    public static S3EndpointProvider endpoints(S3EndpointProvider sdk) {
        Map<List<Object>, Endpoint> cache = new ConcurrentHashMap<>();
        return params -> {
            if (!cacheable(params.bucket(), params.useObjectLambdaEndpoint(), params.useS3ExpressControlEndpoint())) {
                return sdk.resolveEndpoint(params);
            }
            List<Object> key = Arrays.asList(params.bucket(), params.regionId(), params.endpoint(),
                    params.forcePathStyle(), params.useFips(), params.useDualStack(), params.accelerate(),
                    params.useGlobalEndpoint(), params.disableAccessPoints(), params.disableMultiRegionAccessPoints(),
                    params.useArnRegion(), params.disableS3ExpressSessionAuth());
            Endpoint known = cache.get(key);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            return sdk.resolveEndpoint(params).thenApply(endpoint -> remember(cache, key, endpoint));
        };
    }

    /** The SDK's auth-scheme provider, its answers cached per operation and bucket. */
    public static S3AuthSchemeProvider authSchemes(S3AuthSchemeProvider sdk) {
        Map<List<Object>, List<AuthSchemeOption>> cache = new ConcurrentHashMap<>();
        return params -> {
            if (!cacheable(params.bucket(), params.useObjectLambdaEndpoint(), params.useS3ExpressControlEndpoint())) {
                return sdk.resolveAuthScheme(params);
            }
            List<Object> key = authKey(params);
            List<AuthSchemeOption> known = cache.get(key);
            return known != null ? known : remember(cache, key, sdk.resolveAuthScheme(params));
        };
    }

    private static List<Object> authKey(S3AuthSchemeParams params) {
        return Arrays.asList(params.operation(), params.bucket(), params.regionId(), params.endpoint(),
                params.forcePathStyle(), params.useFips(), params.useDualStack(), params.accelerate(),
                params.useGlobalEndpoint(), params.disableAccessPoints(), params.disableMultiRegionAccessPoints(),
                params.useArnRegion(), params.disableS3ExpressSessionAuth());
    }

    static boolean cacheable(String bucket, Boolean objectLambda, Boolean expressControl) {
        return bucket != null && bucket.indexOf(':') < 0 && !bucket.endsWith("--x-s3") && !bucket.endsWith("--xa-s3")
                && !Boolean.TRUE.equals(objectLambda) && !Boolean.TRUE.equals(expressControl);
    }

    private static <V> V remember(Map<List<Object>, V> cache, List<Object> key, V value) {
        if (cache.size() < MAX_ENTRIES) {
            cache.put(key, value);
        }
        return value;
    }
}
