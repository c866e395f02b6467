package io.s3migration.operator.support;

import io.s3migration.operator.policy.HostResolver;
import io.s3migration.protocol.Cidr;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DNS with fixed answers (no network here), recording what it was asked. As the operator's bean in {@code @QuarkusTest}
 * runs it answers from {@link #ADDRESSES}; a unit test makes its own with {@link #withAnswers()} and {@link #answer}.
 */
@Singleton
public class FixedHostResolver implements HostResolver {
    /** The bean's answers, shared: mutable so a test can make a name resolve later, as after a DNS outage. */
    public static final Map<String, String> ADDRESSES = new ConcurrentHashMap<>(Map.of(
            "s3.eu-west-1.amazonaws.com", "52.218.1.1",
            "s3.eu-central-1.wasabisys.com", "130.117.252.10",
            "metadata.example.com", "169.254.169.254"));

    private final Map<String, List<InetAddress>> answers;
    /** Every host asked, in order. */
    public final List<String> asked = new CopyOnWriteArrayList<>();

    /** The bean: answers from {@link #ADDRESSES} (a trailing dot ignored). */
    public FixedHostResolver() {
        this(null);
    }

    private FixedHostResolver(Map<String, List<InetAddress>> answers) {
        this.answers = answers;
    }

    /** A resolver of its own that knows no host until {@link #answer} names it. */
    public static FixedHostResolver withAnswers() {
        return new FixedHostResolver(new ConcurrentHashMap<>());
    }

    public FixedHostResolver answer(String host, String... addresses) {
        answers.put(host, Arrays.stream(addresses).map(FixedHostResolver::literal).toList());
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        asked.add(host);
        List<InetAddress> addresses = answers != null ? answers.get(host) : shared(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private static List<InetAddress> shared(String host) {
        String address = ADDRESSES.get(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        return address == null ? null : List.of(literal(address));
    }

    private static InetAddress literal(String address) {
        return Cidr.literal(address).orElseThrow(() -> new IllegalArgumentException(address));
    }
}
