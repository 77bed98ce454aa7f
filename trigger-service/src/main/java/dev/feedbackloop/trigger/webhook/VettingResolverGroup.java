package dev.feedbackloop.trigger.webhook;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The resolver of the HTTP client that sends webhook deliveries: it looks a host up and answers its addresses only
 * when every one of them is allowed by the {@link AddressPolicy}. The client connects to exactly the addresses
 * answered here, while the request keeps the URL's host name for its Host header, TLS server name and certificate
 * check; so the address that was checked is the address that is reached, and a name re-pointed at an internal
 * address between the check and the connection (DNS rebinding) is caught. Lookups block, so the client runs on event
 * loops of its own, never on the web server's.
 */
final class VettingResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final HostResolver resolver;
    private final AddressPolicy policy;

    VettingResolverGroup(HostResolver resolver, AddressPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                try {
                    promise.setSuccess(vetted(host).get(0));
                } catch (UnknownHostException | RuntimeException e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                try {
                    promise.setSuccess(vetted(host));
                } catch (UnknownHostException | RuntimeException e) {
                    promise.setFailure(e);
                }
            }
        }.asAddressResolver();
    }

    /** Every address of {@code host}, when none is refused. */
    List<InetAddress> vetted(String host) throws UnknownHostException {
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            var refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedAddressException(host, address, refusal.get());
            }
        }
        return addresses;
    }

    /** A host that resolves to an address webhooks may not reach. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String host, InetAddress address, String reason) {
            super("refused: " + host + " resolves to " + address.getHostAddress() + ", which " + reason);
        }
    }
}
