package dev.feedbackloop.trigger.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The alert channels as configured. */
@Schema(name = "AlertChannels")
public record ChannelsResponse(List<ChannelResponse> channels) {
}
