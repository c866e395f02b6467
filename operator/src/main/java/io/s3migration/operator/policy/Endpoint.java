package io.s3migration.operator.policy;

import java.util.Locale;

/** The parts of an endpoint URL the policy decides on: lower-case scheme and host, and the effective port. */
record Endpoint(String scheme, String host, int port) {

    static int effectivePort(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "http".equals(scheme) ? 80 : 443;
    }

    /** Lower case, without IPv6 brackets and without the one trailing dot of an absolute name. */
    static String normaliseHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
