package io.s3migration.copier.net;

import io.s3migration.protocol.BlockedAddresses;
import io.s3migration.protocol.Cidr;
import io.s3migration.protocol.CopierConfig;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses the copier may connect to: none in the shared {@link BlockedAddresses} (loopback, unspecified,
 * private, link-local with the cloud metadata service at 169.254.169.254, CGNAT, unique-local, multicast, and IPv6
 * forms embedding such an IPv4 address), unless an allowlisted range holds it. The same list as the operator's
 * endpoint policy and the copy pod's NetworkPolicy. Pure.
 */
public final class AddressPolicy {
    private static final BlockedAddresses BLOCKED = new BlockedAddresses(List.of());

    private final List<Cidr> allowed;

    public AddressPolicy(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().map(AddressPolicy::parse).toList();
    }

    private static Cidr parse(String cidr) {
        try {
            return Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CopierConfig.ALLOWED_ADDRESSES + ": " + e.getMessage(), e);
        }
    }

    /** Why {@code address} is refused, or empty when the copier may connect to it. */
    public Optional<String> refusal(InetAddress address) {
        Optional<String> why = BLOCKED.whyBlocked(address);
        if (why.isEmpty()) {
            return why; // public: the common case needs no allowlist look-up
        }
        InetAddress effective = BlockedAddresses.embeddedIpv4(address).orElse(address);
        boolean allowlisted = allowed.stream().anyMatch(range -> range.contains(effective) || range.contains(address));
        return allowlisted ? Optional.empty() : why.map(w -> effective.getHostAddress() + " is " + w);
    }
}
