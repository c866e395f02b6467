package io.s3migration.copier.client;

import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3's endpoint rules and its endpoint-based auth-scheme resolution run for every request (~8% of the copier's
 * CPU on 20,000 small objects), yet one side of a migration always gets the same answer. Everything else the
 * rules read (region, endpoint, path style, FIPS...) is fixed per client, and each provider made here serves one
 * client (see S3ClientFactory), so the SDK's own answers are cached per bucket, and per operation for auth
 * schemes. Only plain bucket names are cached: for an ARN, an S3 Express bucket or an object-lambda endpoint the
 * answer may depend on the key, so those still ask the SDK every time.
 */
public final class ResolvedOnce {
    private static final int MAX_ENTRIES = 256;

    private ResolvedOnce() {
    }

    /** The SDK's endpoint provider, its answers cached. */
    public static S3EndpointProvider endpoints(S3EndpointProvider sdk) {
        Map<String, Endpoint> cache = new ConcurrentHashMap<>();
        return params -> {
            if (!cacheable(params.bucket(), params.useObjectLambdaEndpoint(), params.useS3ExpressControlEndpoint())) {
                return sdk.resolveEndpoint(params);
            }
            String key = params.bucket();
            Endpoint known = cache.get(key);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            return sdk.resolveEndpoint(params).thenApply(endpoint -> remember(cache, key, endpoint));
        };
    }

    /** The SDK's auth-scheme provider, its answers cached per operation and bucket. */
    public static S3AuthSchemeProvider authSchemes(S3AuthSchemeProvider sdk) {
        Map<String, List<AuthSchemeOption>> cache = new ConcurrentHashMap<>();
        return params -> {
            if (!cacheable(params.bucket(), params.useObjectLambdaEndpoint(), params.useS3ExpressControlEndpoint())) {
                return sdk.resolveAuthScheme(params);
            }
            String key = params.operation() + " " + params.bucket();
            List<AuthSchemeOption> known = cache.get(key);
            return known != null ? known : remember(cache, key, sdk.resolveAuthScheme(params));
        };
    }

    static boolean cacheable(String bucket, Boolean objectLambda, Boolean expressControl) {
        return bucket != null && bucket.indexOf(':') < 0 && !bucket.endsWith("--x-s3") && !bucket.endsWith("--xa-s3")
                && !Boolean.TRUE.equals(objectLambda) && !Boolean.TRUE.equals(expressControl);
    }

    private static <V> V remember(Map<String, V> cache, String key, V value) {
        if (cache.size() < MAX_ENTRIES) {
            cache.put(key, value);
        }
        return value;
    }
}
