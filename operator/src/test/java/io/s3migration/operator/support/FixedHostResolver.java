package io.s3migration.operator.support;

import io.s3migration.operator.policy.HostResolver;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** Replaces DNS in tests (no network here): the test endpoints resolve to fixed addresses. */
@Singleton
public class FixedHostResolver implements HostResolver {
    /** Mutable so a test can make a name resolve later, as after a DNS outage. */
    public static final Map<String, String> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
            "s3.eu-west-1.amazonaws.com", "52.218.1.1",
            "s3.eu-central-1.wasabisys.com", "130.117.252.10",
            "metadata.example.com", "169.254.169.254"));

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String stripped = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String address = ADDRESSES.get(stripped);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    }
}
