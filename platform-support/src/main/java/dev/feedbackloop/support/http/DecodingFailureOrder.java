package dev.feedbackloop.support.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;

import java.util.concurrent.TimeUnit;

/**
 * Holds a request the HTTP codec could not decode (a request line or headers too long, say) until the exchange before
 * it on the same connection is over, then lets Reactor Netty answer it (414, 431 or 400, and close).
 * <p>
 * Reactor Netty checks a decoding failure before it checks whether the previous request's operations are still bound
 * to the connection, and when they are, it hands them the error response: they have answered already, so the 414 is
 * lost and the client waits or sees the connection close. A client that sends its next request as soon as it has
 * read an answer can be that quick, and a pipelining client always is (`HttpLimitsTest` sends both at once).
 */
final class DecodingFailureOrder extends ChannelInboundHandlerAdapter {

    static final String NAME = "platform.decodingFailureOrder";
    private static final long MAX_WAIT_STEP_MILLIS = 100;

    /** Goes between the HTTP/1.1 codec and Reactor Netty's handlers; any other pipeline is left as it is. */
    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new DecodingFailureOrder());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()
                && ChannelOperations.get(ctx.channel()) != null) {
            passOnOnceAlone(ctx, msg, 1);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static void passOnOnceAlone(ChannelHandlerContext ctx, Object msg, long waitMillis) {
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                ReferenceCountUtil.release(msg);
            } else if (ChannelOperations.get(ctx.channel()) != null) {
                passOnOnceAlone(ctx, msg, Math.min(MAX_WAIT_STEP_MILLIS, waitMillis * 2));
            } else {
                ctx.fireChannelRead(msg);
            }
        }, waitMillis, TimeUnit.MILLISECONDS);
    }
}
