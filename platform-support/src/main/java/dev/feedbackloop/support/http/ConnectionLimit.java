package dev.feedbackloop.support.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the connections open at once: one past the cap is closed as soon as it is accepted, before a byte of it is
 * read, so a flood of connections costs a file descriptor for an instant instead of a buffer each. Refusals are
 * logged at most once a minute, with how many there were.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    static final String NAME = "platform.connectionLimit";
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refusedSinceWarning = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionLimit(int max) {
        this.max = max;
    }

    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            ctx.close();
            warn();
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> open.decrementAndGet());
        ctx.fireChannelActive();
        ctx.pipeline().remove(this); // counted once; nothing more to do for this connection
    }

    private void warn() {
        int refused = refusedSinceWarning.incrementAndGet();
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            refusedSinceWarning.addAndGet(-refused);
            log.warn("Closed {} new connection(s): {} are open, the most platform.http.max-connections allows", refused, max);
        }
    }
}
