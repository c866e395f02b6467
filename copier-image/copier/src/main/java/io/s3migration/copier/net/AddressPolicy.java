package io.s3migration.copier.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses the copier may connect to: none that is loopback, unspecified, private, link-local (the
 * cloud metadata service at 169.254.169.254 included), CGNAT, unique-local or multicast, unless an allowlisted
 * range holds it. Pure.
 */
public final class AddressPolicy {
    private static final List<Named> BLOCKED = List.of(
            new Named("0.0.0.0/8", "unspecified"),
            new Named("127.0.0.0/8", "loopback"),
            new Named("10.0.0.0/8", "private"),
            new Named("172.16.0.0/12", "private"),
            new Named("192.168.0.0/16", "private"),
            new Named("100.64.0.0/10", "CGNAT"),
            new Named("169.254.0.0/16", "link-local (cloud metadata)"),
            new Named("192.0.0.0/24", "IETF protocol assignments"),
            new Named("224.0.0.0/4", "multicast"),
            new Named("240.0.0.0/4", "reserved"),
            new Named("::/128", "unspecified"),
            new Named("::1/128", "loopback"),
            new Named("fc00::/7", "unique-local (private)"),
            new Named("fe80::/10", "link-local"),
            new Named("ff00::/8", "multicast"));

    private record Named(AddressRange range, String what) {
        Named(String cidr, String what) {
            this(AddressRange.parse(cidr), what);
        }
    }

    private final List<AddressRange> allowed;

    public AddressPolicy(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().map(AddressRange::parse).toList();
    }

    /** Why {@code address} is refused, or empty when the copier may connect to it. */
    public Optional<String> refusal(InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        for (AddressRange range : allowed) {
            if (range.contains(effective) || range.contains(address)) {
                return Optional.empty();
            }
        }
        for (Named blocked : BLOCKED) {
            if (blocked.range().contains(effective)) {
                return Optional.of(effective.getHostAddress() + " is " + blocked.what());
            }
        }
        return Optional.empty();
    }

    /** IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible IPv6 addresses are checked as the IPv4 they carry. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
        boolean compatible = a[10] == 0 && a[11] == 0 && (a[12] != 0 || a[13] != 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
