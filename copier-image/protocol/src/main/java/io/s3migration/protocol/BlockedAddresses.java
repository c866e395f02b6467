package io.s3migration.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges no tenant endpoint may reach: everything that is not the public internet, plus (given as
 * extra ranges) the cluster's own networks. IPv6 forms that embed an IPv4 address are judged by that address. One
 * list for the three walls: the operator's endpoint policy, the copy pod's NetworkPolicy, the copier's check of
 * every address it connects to.
 */
public final class BlockedAddresses {

    /** A blocked network as written ({@code notation}, what a NetworkPolicy carries) and the words a user reads. */
    public record Range(String notation, Cidr cidr, String label) {
        public static Range of(String notation, String label) {
            return new Range(notation, Cidr.parse(notation), label);
        }
    }

    public static final List<Range> BUILT_IN = List.of(
            Range.of("0.0.0.0/8", "an unspecified/\"this network\" address"),
            Range.of("10.0.0.0/8", "a private address (RFC 1918)"),
            Range.of("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
            Range.of("127.0.0.0/8", "a loopback address"),
            Range.of("169.254.0.0/16", "a link-local address (where cloud metadata services such as 169.254.169.254 live)"),
            Range.of("172.16.0.0/12", "a private address (RFC 1918)"),
            Range.of("192.0.0.0/24", "an IETF protocol-assignment address (RFC 6890)"),
            Range.of("192.168.0.0/16", "a private address (RFC 1918)"),
            Range.of("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
            Range.of("224.0.0.0/4", "a multicast address"),
            Range.of("240.0.0.0/4", "a reserved or broadcast address"),
            Range.of("::/128", "the unspecified IPv6 address"),
            Range.of("::1/128", "the IPv6 loopback address"),
            Range.of("::/96", "an IPv4-compatible IPv6 address (deprecated)"),
            Range.of("100::/64", "an IPv6 discard-only address"),
            Range.of("2001::/32", "a Teredo tunnel address (it hides the real IPv4 address)"),
            // RFC 8215 local-use NAT64: the operator of the network picks how IPv4 is embedded, so none is decoded
            Range.of("64:ff9b:1::/48", "a local-use NAT64 address (RFC 8215: it reaches an IPv4 host of the local network)"),
            Range.of("fc00::/7", "an IPv6 unique local address (fc00::/7)"),
            Range.of("fe80::/10", "an IPv6 link-local address (fe80::/10)"),
            Range.of("fec0::/10", "an IPv6 site-local address (deprecated)"),
            Range.of("ff00::/8", "an IPv6 multicast address"));

    private final List<Range> ranges;

    public BlockedAddresses(List<Range> extra) {
        this.ranges = java.util.stream.Stream.concat(BUILT_IN.stream(), extra.stream()).toList();
    }

    /** Why {@code address} is blocked, or empty when it is a public address. */
    public Optional<String> whyBlocked(InetAddress address) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return whyBlocked(embedded.get()).map(why -> why + ", embedded in the IPv6 address " + address.getHostAddress());
        }
        return ranges.stream().filter(r -> r.cidr().contains(address)).map(Range::label).findFirst();
    }

    /**
     * The IPv4 address inside IPv4-mapped ({@code ::ffff:0:0/96}), NAT64 ({@code 64:ff9b::/96}) and 6to4
     * ({@code 2002::/16}) addresses; those reach the IPv4 host, so the IPv4 rules decide.
     */
    public static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xff
                && (b[3] & 0xFF) == 0x9b && allZero(b, 4, 12);
        if (mapped || nat64) {
            return Optional.of(ipv4(b[12], b[13], b[14], b[15]));
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            return Optional.of(ipv4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 bytes
        }
    }
}
