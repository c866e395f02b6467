package io.s3migration.operator.policy;

import io.s3migration.protocol.Cidr;
import java.net.Inet4Address;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * IP address spellings, parsed without DNS. HTTP clients, resolvers and URL parsers disagree about legacy IPv4
 * spellings ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}), so the policy decodes them the
 * way {@code inet_aton} does and then refuses anything but the canonical dotted-decimal form.
 */
final class IpLiteral {
    private static final Pattern NUMERIC_LABEL = Pattern.compile("\\d+|0[xX][0-9a-fA-F]*");

    private IpLiteral() {
    }

    static boolean isCanonicalIpv4(String text) {
        // Not through the IPv6 path: Java turns ::ffff:a.b.c.d into an IPv4 address.
        return text.indexOf(':') < 0 && Cidr.literal(text).filter(Inet4Address.class::isInstance).isPresent();
    }

    /**
     * A host whose last label is numeric is parsed as IPv4 by browsers and many clients (WHATWG URL rules), so such a
     * host is an address attempt, never a name.
     */
    static boolean looksLikeIpv4(String host) {
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(lastLabel).matches();
    }

    /** Decodes 1 to 4 decimal, octal (leading 0) or hex (0x) parts as {@code inet_aton} does. */
    static OptionalLong decodeLegacyIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return OptionalLong.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            OptionalLong value = decodePart(parts[i]);
            if (value.isEmpty()) {
                return OptionalLong.empty();
            }
            values[i] = value.getAsLong();
        }
        // Every part but the last is one byte; the last fills the remaining bytes.
        long result = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xFF) {
                return OptionalLong.empty();
            }
            result |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= (1L << (8 * (5 - values.length)))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(result | last);
    }

    static String dottedDecimal(long ipv4) {
        return ((ipv4 >> 24) & 0xFF) + "." + ((ipv4 >> 16) & 0xFF) + "." + ((ipv4 >> 8) & 0xFF) + "." + (ipv4 & 0xFF);
    }

    private static OptionalLong decodePart(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                String digits = part.substring(2);
                return digits.isEmpty() ? OptionalLong.of(0) : bounded(Long.parseLong(digits, 16), digits.length() <= 8);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return bounded(Long.parseLong(part.substring(1), 8), part.length() <= 12);
            }
            return bounded(Long.parseLong(part), part.length() <= 10);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong bounded(long value, boolean shortEnough) {
        return shortEnough && value >= 0 && value <= 0xFFFFFFFFL ? OptionalLong.of(value) : OptionalLong.empty();
    }
}
