package io.s3migration.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a /32 or /128.
 * Shared by the operator's endpoint policy and NetworkPolicy and the copier's connect-time address check.
 */
public final class Cidr {
    private static final Pattern CANONICAL_V4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code address[/prefix]} where the address is dotted-decimal IPv4 or textual IPv6; host bits are masked
     * off. Never touches DNS.
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressText)
                .map(InetAddress::getAddress)
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a CIDR: \"" + text + "\" (expected a.b.c.d/n or an IPv6 prefix like fc00::/7)"));
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxBits) {
                throw new IllegalArgumentException(
                        "not a CIDR: \"" + text + "\" (the prefix length must be 0.." + maxBits + ")");
            }
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /**
     * Canonical dotted-decimal IPv4 or textual IPv6 (no brackets, no zone); empty for anything else, legacy IPv4
     * spellings ({@code 127.1}, {@code 0x7f.0.0.1}) included. Never touches DNS.
     */
    public static Optional<InetAddress> literal(String text) {
        boolean literal = CANONICAL_V4.matcher(text).matches() || text.indexOf(':') >= 0 && V6_CHARS.matcher(text).matches();
        if (!literal) {
            return Optional.empty();
        }
        try {
            // Only digits, dots, hex and colons reach here: Java parses such text itself and never asks DNS.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code address} is of the same family and inside this network. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    public int prefixLength() {
        return prefixLength;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xFF << (8 - bitsHere));
        }
        return masked;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
