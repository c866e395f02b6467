package io.s3migration.operator.policy;

import io.s3migration.protocol.BlockedAddresses;
import io.s3migration.protocol.Cidr;
import static io.s3migration.operator.api.StatusReason.EndpointNotAllowed;
import static io.s3migration.operator.api.StatusReason.EndpointUnresolved;
import static io.s3migration.operator.api.StatusReason.InvalidEndpoint;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first SSRF wall: decides, before any pod runs, whether a MigrationJob may talk to an endpoint. The copier
 * checks again at every connect (DNS rebinding) and the NetworkPolicy is the third wall; this check exists so the
 * tenant gets a clear reason up front instead of a blocked connection later.
 */
public final class EndpointPolicy {

    /** Which side of the migration the endpoint is for: destinations may be restricted further. */
    public enum Role {
        SOURCE, DESTINATION;

        String label() {
            return name().toLowerCase(Locale.ROOT) + " endpoint";
        }
    }

    /** Names that only mean something inside the cluster or on the node; checked before any DNS lookup. */
    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".svc", ".local", ".internal");

    private static final Pattern NUMERIC_AUTHORITY = Pattern.compile("([0-9a-zA-Z.]+)(?::(\\d{1,5}))?");

    private final HostResolver resolver;
    private final List<EndpointPattern> allowedEndpoints;
    private final List<EndpointPattern> allowedHttpHosts;
    private final List<EndpointPattern> allowedDestinations;
    private final BlockedAddresses blocked;

    /** @throws IllegalArgumentException when an allowlist entry or CIDR in the settings is malformed */
    public EndpointPolicy(PolicySettings settings, HostResolver resolver) {
        this.resolver = resolver;
        this.allowedEndpoints = settings.allowedEndpoints().stream().map(EndpointPattern::parse).toList();
        this.allowedHttpHosts = settings.allowedHttpHosts().stream().map(EndpointPattern::parse).toList();
        this.allowedDestinations = settings.allowedDestinations().stream().map(EndpointPattern::parse).toList();
        this.blocked = new BlockedAddresses(settings.blockedCidrs().stream()
                .map(c -> BlockedAddresses.Range.of(c, "inside the cluster network " + c + " (operator config blockedCidrs)"))
                .toList());
    }

    public Verdict check(String endpoint, Role role) {
        String what = role.label() + " \"" + endpoint + "\"";
        if (endpoint == null || endpoint.isBlank()) {
            return Verdict.refuse(InvalidEndpoint, role.label() + " is empty: set it to https://host[:port]");
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            return Verdict.refuse(InvalidEndpoint, what + " is not a valid URL (" + e.getReason()
                    + "): write it as https://host[:port]");
        }
        Optional<String> shapeProblem = shapeProblem(uri);
        if (shapeProblem.isPresent()) {
            return Verdict.refuse(InvalidEndpoint, what + " " + shapeProblem.get());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Endpoint target = new Endpoint(scheme, Endpoint.normaliseHost(hostOf(uri).orElseThrow()),
                Endpoint.effectivePort(scheme, portOf(uri)));

        if (role == Role.DESTINATION && !allowedDestinations.isEmpty()
                && allowedDestinations.stream().noneMatch(p -> p.matches(target))) {
            return Verdict.refuse(EndpointNotAllowed, what + " is not one of the destinations this platform allows ("
                    + texts(allowedDestinations) + "): copy to the platform storage, or leave the destination"
                    + " endpoint empty to use it");
        }
        if (allowedEndpoints.stream().anyMatch(p -> p.matches(target))) {
            return Verdict.allow(what + " is allowlisted by the operator config");
        }
        if (scheme.equals("http") && allowedHttpHosts.stream().noneMatch(p -> p.matchesHost(target.host()))) {
            return Verdict.refuse(EndpointNotAllowed, what + " uses plain http: use https, or ask the platform team"
                    + " to allow http for host " + target.host() + " (operator config allowedHttpHosts)");
        }
        return checkHost(target.host(), what);
    }

    /**
     * The host of {@code endpoint} when the operator config allowlists it, else empty. Only such a host may resolve
     * to private addresses: the copier opens the NetworkPolicy's private ranges to exactly these hosts.
     */
    public Optional<String> allowlistedHost(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpoint.trim());
            if (shapeProblem(uri).isPresent()) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            Endpoint target = new Endpoint(scheme, Endpoint.normaliseHost(hostOf(uri).orElseThrow()),
                    Endpoint.effectivePort(scheme, portOf(uri)));
            return allowedEndpoints.stream().anyMatch(p -> p.matches(target)) ? Optional.of(target.host()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Everything about the URL's form, independent of where it points. */
    private static Optional<String> shapeProblem(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            return Optional.of("must start with https:// (got " + (scheme == null ? "no scheme" : scheme + "://")
                    + "): write it as https://host[:port]");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("contains user information before '@': remove it; credentials belong in the"
                    + " credentials Secret");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("contains a query ('?') or fragment ('#'): remove it; write it as https://host[:port]");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            return Optional.of("contains a path (" + path + "): remove it; put the bucket in bucket and the folder in"
                    + " prefix");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return Optional.of("contains user information before '@': remove it; credentials belong in the"
                    + " credentials Secret");
        }
        if (hostOf(uri).isEmpty()) {
            return Optional.of("has no valid host name (IDN names must be written in their xn-- form; '_' and '%'"
                    + " are not allowed): write it as https://host[:port]");
        }
        if (portOf(uri) == 0 || portOf(uri) > 65535) {
            return Optional.of("has port " + portOf(uri) + ": use a port between 1 and 65535");
        }
        return Optional.empty();
    }

    /**
     * The host, including one java.net.URI gives up on: it treats a host whose last label starts with a digit as
     * IPv4 and drops hosts such as {@code 0x7f.1} or {@code 127.1}, which other clients do connect to.
     */
    private static Optional<String> hostOf(URI uri) {
        if (uri.getHost() != null) {
            return Optional.of(uri.getHost());
        }
        Matcher numeric = numericAuthority(uri);
        return numeric != null ? Optional.of(numeric.group(1)) : Optional.empty();
    }

    private static int portOf(URI uri) {
        if (uri.getHost() != null) {
            return uri.getPort();
        }
        Matcher numeric = numericAuthority(uri);
        return numeric != null && numeric.group(2) != null ? Integer.parseInt(numeric.group(2)) : -1;
    }

    private static Matcher numericAuthority(URI uri) {
        if (uri.getRawAuthority() == null) {
            return null;
        }
        Matcher matcher = NUMERIC_AUTHORITY.matcher(uri.getRawAuthority());
        return matcher.matches() && IpLiteral.looksLikeIpv4(matcher.group(1)) ? matcher : null;
    }

    private Verdict checkHost(String host, String what) {
        if (host.contains(":")) {
            return Cidr.literal(host)
                    .map(address -> checkAddress(address, what, what + " is"))
                    .orElseGet(() -> Verdict.refuse(InvalidEndpoint, what
                            + " has an invalid IPv6 address (zone IDs are not allowed): write it as https://[address]"));
        }
        if (IpLiteral.looksLikeIpv4(host)) {
            return checkIpv4Literal(host, what);
        }
        Optional<String> internalName = internalName(host);
        if (internalName.isPresent()) {
            return Verdict.refuse(EndpointNotAllowed, what + " " + internalName.get()
                    + ": use the storage's public DNS name");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return Verdict.refuse(EndpointUnresolved, what + " cannot be checked yet: its host " + host
                    + " does not resolve; check the spelling of the endpoint (checked again at every poll, so a DNS"
                    + " outage only delays the start)");
        }
        for (InetAddress address : addresses) {
            Verdict verdict = checkAddress(address, what, what + " resolves to " + address.getHostAddress() + ",");
            if (!verdict.allowed()) {
                return verdict;
            }
        }
        return Verdict.allow(what + " resolves only to public addresses");
    }

    private Verdict checkIpv4Literal(String host, String what) {
        OptionalLong decoded = IpLiteral.decodeLegacyIpv4(host);
        if (decoded.isEmpty()) {
            return Verdict.refuse(InvalidEndpoint, what + " ends in a number but is not a valid IPv4 address:"
                    + " use a DNS name or a dotted-decimal address a.b.c.d");
        }
        String canonical = IpLiteral.dottedDecimal(decoded.getAsLong());
        if (!IpLiteral.isCanonicalIpv4(host)) {
            return Verdict.refuse(InvalidEndpoint, what + " is a non-standard spelling of the address " + canonical
                    + " (decimal, octal, hex or shortened forms are ambiguous): use a DNS name or write a.b.c.d");
        }
        return checkAddress(Cidr.literal(canonical).orElseThrow(), what, what + " is");
    }

    /**
     * {@code subject} ends in the verb that leads into the blocked range's description ("a private address ..."):
     * "... is" for an address literal, "... resolves to a.b.c.d," for a name.
     */
    private Verdict checkAddress(InetAddress address, String what, String subject) {
        return blocked.whyBlocked(address)
                .map(why -> Verdict.refuse(EndpointNotAllowed, subject + " " + why
                        + ", which tenant migrations may not reach: use the storage's public endpoint, or ask the"
                        + " platform team to allowlist it (operator config allowedEndpoints)"))
                .orElseGet(() -> Verdict.allow(what + " is a public address"));
    }

    private static Optional<String> internalName(String host) {
        if (host.equals("localhost")) {
            return Optional.of("is localhost, the migration pod itself");
        }
        if (!host.contains(".")) {
            return Optional.of("is a single-label name, which the cluster DNS search path may resolve to a Service");
        }
        return INTERNAL_SUFFIXES.stream().filter(host::endsWith).findFirst()
                .map(suffix -> "is a cluster- or node-internal name (*" + suffix + ")");
    }

    private static String texts(List<EndpointPattern> patterns) {
        return String.join(", ", patterns.stream().map(EndpointPattern::text).toList());
    }
}
