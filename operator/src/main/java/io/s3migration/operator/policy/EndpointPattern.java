package io.s3migration.operator.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One allowlist entry from operator config: {@code https://storage.example.com:9000} (scheme, host and port must
 * match), {@code storage.example.com} (any scheme and port) or {@code *.storage.example.com} (any subdomain, not the
 * domain itself).
 */
record EndpointPattern(String scheme, String host, int port, String text) {

    static EndpointPattern parse(String text) {
        if (!text.contains("://")) {
            return new EndpointPattern(null, hostOnly(text), -1, text);
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("allowlist entry \"" + text + "\" has no host");
            }
            return new EndpointPattern(scheme, Endpoint.normaliseHost(host), Endpoint.effectivePort(scheme, uri.getPort()), text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("allowlist entry \"" + text + "\" is not a URL: " + e.getMessage(), e);
        }
    }

    boolean matches(Endpoint endpoint) {
        if (scheme != null && !(scheme.equals(endpoint.scheme()) && port == endpoint.port())) {
            return false;
        }
        return matchesHost(endpoint.host());
    }

    boolean matchesHost(String candidate) {
        if (host.startsWith("*.")) {
            return candidate.endsWith(host.substring(1));
        }
        return host.equals(candidate);
    }

    private static String hostOnly(String text) {
        String host = Endpoint.normaliseHost(text);
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("allowlist entry \"" + text
                    + "\" must be scheme://host[:port], a host, or *.domain");
        }
        return host;
    }
}
