package io.s3migration.operator.config;

import java.util.List;
import java.util.Locale;

/** Parses the egress settings (strings easy to set from Helm values and env vars). */
public final class EgressSettings {
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    /** A port a NetworkPolicy opens: number and protocol. */
    public record Port(int number, String protocol) {
    }

    private EgressSettings() {
    }

    /** {@code 53/UDP} → port 53, UDP; a bare number is TCP. */
    public static Port port(String spec) {
        String[] parts = spec.trim().split("/", -1);
        String protocol = parts.length > 1 ? parts[1].trim().toUpperCase(Locale.ROOT) : "TCP";
        int number;
        try {
            number = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (parts.length > 2 || number < 1 || number > 65535 || !PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("s3migration.egress.dns-ports entry must be PORT/PROTOCOL (1-65535, "
                    + String.join(", ", PROTOCOLS) + "), e.g. 53/UDP, got '" + spec + "'");
        }
        return new Port(number, protocol);
    }

    public static List<Port> ports(List<String> specs) {
        return specs.stream().map(EgressSettings::port).distinct().toList();
    }
}
