package dev.feedbackloop.trigger.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a webhook may reach: public unicast only. A subscriber chooses the URL, so without this check
 * the platform would POST on its behalf to its own loopback, to the cloud's metadata service or to the private
 * network it runs in (server-side request forgery). The URL's host is checked when subscribing (a literal address,
 * or a name that can only be local), and every address a name resolves to is checked again when sending, right
 * before connecting to it, so a name that is re-pointed later (DNS rebinding) gains nothing.
 *
 * <p>Refused: unspecified and "this network" (0.0.0.0/8, ::), loopback (127/8, ::1), private (10/8, 172.16/12,
 * 192.168/16, fc00::/7 unique local), shared address space (100.64/10, carrier-grade NAT), link-local (169.254/16,
 * fe80::/10, fec0::/10), benchmarking (198.18/15, 2001:2::/48), documentation (192.0.2/24, 198.51.100/24,
 * 203.0.113/24, 2001:db8::/32, 3fff::/20), IETF protocol assignments (192.0.0/24), 6to4 relay (192.88.99/24),
 * multicast (224/4, ff00::/8), reserved and broadcast (240/4), discard (100::/64), Teredo (2001::/32), local NAT64
 * (64:ff9b:1::/48); and IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) when the IPv4 address inside is refused.
 *
 * <p>{@code allowLoopback} (tests, single-host setups) admits loopback and private addresses and local host names,
 * never the cloud metadata services nor link-local, multicast or reserved addresses.
 */
public final class AddressPolicy {

    /** Host names that only ever mean a machine of the platform's own network. */
    private static final Set<String> LOCAL_SUFFIXES = Set.of("localhost", "local", "internal", "localdomain",
            "home.arpa", "lan", "intranet", "corp", "private");
    /** Cloud metadata services, by name: refused even with allowLoopback. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata", "instance-data",
            "instance-data.ec2.internal", "metadata.azure.internal");

    private final boolean allowLoopback;

    public AddressPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    /** Why {@code address} may not be reached, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        Kind kind = classify(address);
        if (kind == Kind.PUBLIC || (allowLoopback && (kind == Kind.LOOPBACK || kind == Kind.PRIVATE))) {
            return Optional.empty();
        }
        return Optional.of(kind.description);
    }

    /**
     * Why a URL's host may not be used, judged without resolving it: a literal address by {@link #refusal}, a name by
     * what it can only mean (a local or metadata name, a single label that a resolver completes with its own search
     * domain, a number that resolvers read as an IPv4 address). Empty when the host may be used; a name that passes
     * is still checked after resolution when sending.
     */
    public Optional<String> hostRefusal(String rawHost) {
        String host = normalizeHost(rawHost);
        if (host.isEmpty()) {
            return Optional.of("has no host");
        }
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return refusal(literal.get());
        }
        if (host.contains(":") || host.matches("[0-9.]+") || host.matches("0x[0-9a-f.x]+|[0-9a-fx.]*\\.0x[0-9a-f]+.*")) {
            return Optional.of("is a numeric host that is not a plain IPv4 or IPv6 address");
        }
        if (METADATA_NAMES.contains(host)) {
            return Optional.of(Kind.METADATA.description);
        }
        if (allowLoopback) {
            return Optional.empty();
        }
        if (!host.contains(".")) {
            return Optional.of("is a single-label host name, which only a local resolver can complete");
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (host.equals(suffix) || host.endsWith("." + suffix)) {
                return Optional.of("is a local host name (." + suffix + ")");
            }
        }
        return Optional.empty();
    }

    /** The host as resolvers treat it: without brackets, without one trailing dot, lower case. */
    static String normalizeHost(String rawHost) {
        String host = rawHost == null ? "" : rawHost.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    /** The address a host names literally (dotted-quad IPv4 or IPv6), without any lookup. */
    static Optional<InetAddress> literal(String host) {
        boolean ipv4 = host.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9a-f:.]+(%[0-9a-z]+)?");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            // getByName does no lookup for a literal address
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    enum Kind {
        PUBLIC("is a public address"),
        LOOPBACK("is a loopback address"),
        PRIVATE("is a private address"),
        METADATA("is a cloud metadata service"),
        LINK_LOCAL("is a link-local address"),
        SHARED("is in the shared address space of carrier-grade NAT (100.64.0.0/10)"),
        UNSPECIFIED("is an unspecified or 'this network' address"),
        MULTICAST("is a multicast or broadcast address"),
        SPECIAL("is a reserved, documentation or benchmarking address");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    static Kind classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classify4(b);
        }
        if (address instanceof Inet6Address) {
            return classify6(b);
        }
        return Kind.SPECIAL;
    }

    private static Kind classify4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254 || a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return Kind.METADATA;
        }
        if (a0 == 0) {
            return Kind.UNSPECIFIED;
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return Kind.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Kind.SHARED;
        }
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a0 >= 224) {
            return Kind.MULTICAST;
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) || a0 == 192 && a1 == 88 && a2 == 99
                || a0 == 198 && (a1 & 0xfe) == 18 || a0 == 198 && a1 == 51 && a2 == 100
                || a0 == 203 && a1 == 0 && a2 == 113) {
            return Kind.SPECIAL;
        }
        return Kind.PUBLIC;
    }

    private static Kind classify6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 1);
        boolean firstFiveZero = w0 == 0 && w1 == 0 && word(b, 2) == 0 && word(b, 3) == 0 && word(b, 4) == 0;
        if (firstFiveZero && word(b, 5) == 0) {
            if (word(b, 6) == 0 && word(b, 7) == 0) {
                return Kind.UNSPECIFIED;
            }
            if (word(b, 6) == 0 && word(b, 7) == 1) {
                return Kind.LOOPBACK;
            }
            return classify4(tail4(b)); // IPv4-compatible ::a.b.c.d
        }
        if (firstFiveZero && word(b, 5) == 0xffff) {
            return classify4(tail4(b)); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && word(b, 2) == 0 && word(b, 3) == 0 && word(b, 4) == 0
                && word(b, 5) == 0 && word(b, 6) == 0 && word(b, 7) == 0x0254) {
            return Kind.METADATA; // AWS's IMDS over IPv6, fd00:ec2::254
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            if (word(b, 2) == 0 && word(b, 3) == 0 && word(b, 4) == 0 && word(b, 5) == 0) {
                return classify4(tail4(b)); // NAT64 64:ff9b::a.b.c.d
            }
            if (word(b, 2) == 1) {
                return Kind.PRIVATE; // local-use NAT64 64:ff9b:1::/48
            }
        }
        if (w0 == 0x2002) {
            return classify4(new byte[]{b[2], b[3], b[4], b[5]}); // 6to4 2002:AABB:CCDD::
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return Kind.PRIVATE;
        }
        if ((w0 & 0xffc0) == 0xfe80 || (w0 & 0xffc0) == 0xfec0) {
            return Kind.LINK_LOCAL;
        }
        if ((w0 & 0xff00) == 0xff00) {
            return Kind.MULTICAST;
        }
        if (w0 == 0x0100 && w1 == 0 && word(b, 2) == 0 && word(b, 3) == 0 || w0 == 0x2001 && w1 == 0
                || w0 == 0x2001 && w1 == 0x0db8 || w0 == 0x2001 && w1 == 0x0002 && word(b, 2) == 0
                || w0 == 0x3fff && (w1 & 0xf000) == 0) {
            return Kind.SPECIAL;
        }
        if ((w0 & 0xe000) != 0x2000) {
            return Kind.SPECIAL; // outside global unicast 2000::/3
        }
        return Kind.PUBLIC;
    }

    private static int word(byte[] b, int i) {
        return ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }

    private static byte[] tail4(byte[] b) {
        return new byte[]{b[12], b[13], b[14], b[15]};
    }
}
