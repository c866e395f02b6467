package io.s3migration.operator.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A resolver with fixed answers that records what it was asked: unit tests never touch DNS. */
final class FixedResolver implements HostResolver {
    private final Map<String, List<InetAddress>> answers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    FixedResolver answer(String host, String... addresses) {
        answers.put(host, Arrays.stream(addresses).map(FixedResolver::literal).toList());
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        asked.add(host);
        List<InetAddress> addresses = answers.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private static InetAddress literal(String address) {
        return io.s3migration.protocol.Cidr.literal(address).orElseThrow(() -> new IllegalArgumentException(address));
    }
}
