package io.s3migration.copier.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address is a /32 or /128). */
public record AddressRange(byte[] network, int prefixLength) {

    public static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException(io.s3migration.protocol.CopierConfig.ALLOWED_ADDRESSES
                    + ": not an IP address or CIDR: '" + cidr + "'");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + cidr + "'");
        }
        int bits = address.length * 8;
        int length = bits;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        return new AddressRange(address, length);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }
}
