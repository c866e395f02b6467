package io.s3migration.copier.net;

import io.s3migration.protocol.BlockedAddresses;
import io.s3migration.protocol.Cidr;
import io.s3migration.protocol.CopierConfig;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.s3migration.protocol.CopierSettings.ALLOWED_ADDRESSES;
import static io.s3migration.protocol.CopierSettings.ALLOWED_HOSTS;
import static io.s3migration.protocol.CopierSettings.BLOCKED_ADDRESSES;

/**
 * Which addresses the copier may connect to: none in the shared {@link BlockedAddresses} (loopback, unspecified,
 * private, link-local with the cloud metadata service at 169.254.169.254, CGNAT, unique-local, multicast, and IPv6
 * forms embedding such an IPv4 address) nor in the platform's extra blocked networks (the cluster's service and
 * pod ranges), unless the host is one of the allowlisted endpoints' and an allowlisted range holds the address.
 * The same lists as the operator's endpoint policy and the copy pod's NetworkPolicy. Pure.
 * <p>
 * The allowlisted ranges are tied to hosts because a tenant's endpoint that passed admission with a public
 * address may resolve into the platform's storage range at connect time (DNS rebinding); only the platform's own
 * storage endpoint may.
 */
public final class AddressPolicy {
    private final List<Cidr> allowed;
    private final List<String> allowedHosts;
    private final BlockedAddresses blocked;

    /**
     * @param allowedCidrs private ranges the {@code allowedHosts} may resolve into
     * @param allowedHosts hosts of allowlisted endpoints; their subdomains (virtual-hosted buckets) too
     * @param blockedCidrs networks refused on top of the built-in ranges
     */
    public AddressPolicy(List<String> allowedCidrs, List<String> allowedHosts, List<String> blockedCidrs) {
        this.allowed = allowedCidrs.stream().map(c -> parse(ALLOWED_ADDRESSES.variable(), c)).toList();
        this.allowedHosts = allowedHosts.stream().map(AddressPolicy::normalised).toList();
        this.blocked = new BlockedAddresses(blockedCidrs.stream()
                .map(c -> new BlockedAddresses.Range(c.trim(), parse(BLOCKED_ADDRESSES.variable(), c),
                        "in a network the platform blocks (" + c.trim() + ", " + BLOCKED_ADDRESSES.variable() + ")"))
                .toList());
    }

    /** The run's policy; a malformed range is an {@link IllegalArgumentException} naming its variable. */
    public static AddressPolicy of(CopierConfig config) {
        return new AddressPolicy(config.get(ALLOWED_ADDRESSES), config.get(ALLOWED_HOSTS), config.get(BLOCKED_ADDRESSES));
    }

    private static Cidr parse(String variable, String cidr) {
        try {
            return Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
    }

    /** Why the copier may not connect to {@code address} for {@code host}, or empty when it may. */
    public Optional<String> refusal(String host, InetAddress address) {
        Optional<String> why = blocked.whyBlocked(address);
        if (why.isEmpty()) {
            return why; // public: the common case needs no allowlist look-up
        }
        InetAddress effective = BlockedAddresses.embeddedIpv4(address).orElse(address);
        boolean allowlisted = isAllowedHost(host)
                && allowed.stream().anyMatch(range -> range.contains(effective) || range.contains(address));
        return allowlisted ? Optional.empty() : why.map(w -> effective.getHostAddress() + " is " + w);
    }

    private boolean isAllowedHost(String host) {
        String h = normalised(host);
        // Subdomains carry virtual-hosted bucket names; an address literal has none.
        return allowedHosts.stream().anyMatch(a -> h.equals(a) || Cidr.literal(a).isEmpty() && h.endsWith("." + a));
    }

    /** Lower case, without IPv6 brackets and the trailing dot of an absolute name. */
    private static String normalised(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
