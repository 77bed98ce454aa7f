package dev.feedbackloop.support.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived within the header timeout of the request's
 * first byte. Reactor Netty's idle timeout restarts with every byte, so without this a client sending its headers a
 * byte every few seconds would hold a connection forever; its read and request timeouts only start once the headers
 * are in. Waiting between requests on a kept-alive connection is the idle timeout's business, not this one's.
 */
final class HeaderDeadline {

    static final String BYTES = "platform.headerDeadline.bytes";
    static final String REQUESTS = "platform.headerDeadline.requests";

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;
    /** Between a request's headers and the end of its body, bytes belong to the body, not to a new request. */
    private boolean inBody;

    private HeaderDeadline(Duration timeout) {
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** Watches a connection whose pipeline has an HTTP/1.1 codec; any other pipeline is left as it is. */
    static void install(ChannelPipeline pipeline, Duration timeout) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        HeaderDeadline deadline = new HeaderDeadline(timeout);
        pipeline.addBefore(NettyPipeline.HttpCodec, BYTES, deadline.new Bytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, REQUESTS, deadline.new Requests());
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Sees the raw bytes: the first one of a new request starts the clock. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!inBody && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                timer = ctx.executor().schedule(() -> {
                    timer = null;
                    ctx.close();
                }, timeoutMillis, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    /** Sees the decoded request: its headers stop the clock, the end of its body lets the next request start it. */
    private final class Requests extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                cancel();
                inBody = true;
            }
            if (msg instanceof LastHttpContent) {
                inBody = false;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
