package io.s3migration.operator.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to its addresses; an interface so tests answer with fixed addresses instead of DNS. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The JVM's resolver, asked for the absolute name (a trailing dot) so the pod's DNS search path cannot turn a
     * short name such as {@code minio.team-a} into a cluster Service.
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host.endsWith(".") ? host : host + "."));
    }
}
