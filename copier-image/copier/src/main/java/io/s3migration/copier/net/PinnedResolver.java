package io.s3migration.copier.net;

import org.apache.http.conn.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static io.s3migration.protocol.CopierSettings.ALLOWED_ADDRESSES;
import static io.s3migration.protocol.CopierSettings.ALLOWED_HOSTS;

/**
 * The HTTP client's only way from a host name to an address: resolves each host once per run, keeps only the
 * addresses the {@link AddressPolicy} permits and pins them, so a later DNS answer (rebinding) cannot move the
 * copier to another address. A host with no permitted address fails with {@link BlockedAddressException}.
 */
public final class PinnedResolver implements DnsResolver {
    private final AddressPolicy policy;
    private final Function<String, InetAddress[]> lookup;
    private final Map<String, InetAddress[]> pinned = new ConcurrentHashMap<>();

    public PinnedResolver(AddressPolicy policy) {
        this(policy, PinnedResolver::systemLookup);
    }

    PinnedResolver(AddressPolicy policy, Function<String, InetAddress[]> lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] known = pinned.get(host);
        if (known != null) {
            return known.clone();
        }
        InetAddress[] all;
        try {
            all = lookup.apply(host);
        } catch (UncheckedUnknownHost e) {
            throw e.cause;
        }
        List<InetAddress> permitted = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (InetAddress a : all) {
            policy.refusal(host, a).ifPresentOrElse(refusals::add, () -> permitted.add(a));
        }
        if (permitted.isEmpty()) {
            throw new BlockedAddressException(host + " resolves only to refused addresses (" + String.join(", ", refusals)
                    + "); only the platform's allowlisted endpoints (" + ALLOWED_HOSTS.variable() + ") may use the ranges in "
                    + ALLOWED_ADDRESSES.variable());
        }
        InetAddress[] result = permitted.toArray(InetAddress[]::new);
        InetAddress[] first = pinned.putIfAbsent(host, result);
        return (first == null ? result : first).clone();
    }

    private static InetAddress[] systemLookup(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UncheckedUnknownHost(e);
        }
    }

    private static final class UncheckedUnknownHost extends RuntimeException {
        final UnknownHostException cause;

        UncheckedUnknownHost(UnknownHostException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
