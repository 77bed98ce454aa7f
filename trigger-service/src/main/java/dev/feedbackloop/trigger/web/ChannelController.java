package dev.feedbackloop.trigger.web;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.trigger.channel.AlertChannel;
import dev.feedbackloop.trigger.channel.AlertChannelOutbox;
import dev.feedbackloop.trigger.channel.AlertChannels;
import dev.feedbackloop.trigger.channel.EmailSender;
import dev.feedbackloop.trigger.webhook.DeliveryRoute;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The alert channels as configured, and what was delivered to each (triggers:manage). A channel shows its type,
 * whether it has a URL and the URL's host, how many recipients an email channel has and whether it sends at all;
 * never the URL itself (a Slack webhook URL is its own secret), the routing key, the headers' values, the secret or
 * the recipients' addresses. Those values can be sealed here for the configuration, so it need not hold them in
 * plain text.
 */
@RestController
@RequestMapping("/api/v1/channels")
@Tag(name = "channels", description = "Alert channels as configured, their deliveries, and sealing their values")
public class ChannelController {

    static final int MAX_SEALED_VALUE_LENGTH = 4_096;

    private final AlertChannels channels;
    private final ReadModelWriter readModels;
    private final SecretBox secrets;

    public ChannelController(AlertChannels channels, ReadModelWriter readModels, SecretBox secrets) {
        this.channels = channels;
        this.readModels = readModels;
        this.secrets = secrets;
    }

    /** A value sealed for a channel's configuration; the plain value is never answered. */
    @Schema(name = "SealedValue")
    public record SealedValue(String channel, String sealed) {
    }

    /**
     * Seals {@code {"value": ...}} for the channel {@code name} (configured or not yet), to be put in its
     * configuration instead of the plain url, routing key, secret or header value. It opens only under this
     * service's secrets key and only for that channel.
     */
    @PostMapping(value = "/{name}/seal", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Seals a value for a channel's configuration")
    public SealedValue seal(@PathVariable String name, @RequestBody SealValueRequest request) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw ApiProblem.validation("name", "format", "must be 1-100 lower-case letters, digits or '-'");
        }
        return new SealedValue(name, secrets.seal(request.value().strip(), AlertChannels.secretContext(name)));
    }

    @Bean
    static AccessRule manageChannels() {
        return AccessRule.of(null, "/api/v1/channels/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    @Operation(summary = "Lists the alert channels as configured")
    public ChannelsResponse channels() {
        return new ChannelsResponse(channels.all().stream().map(ChannelResponse::of).toList());
    }

    @GetMapping("/{name}/deliveries")
    @Operation(summary = "Lists what was delivered to an alert channel, newest first")
    public Mono<ChannelDeliveriesResponse> deliveries(@PathVariable String name, @ParameterObject DeliveriesQuery query) {
        AlertChannel channel = channels.find(name)
                .orElseThrow(() -> ApiProblem.notFound("There is no alert channel '" + name + "'"));
        if (channel.type() == AlertChannel.Type.EMAIL) {
            return Flux.from(readModels.collection(EmailSender.DELIVERIES).find(Filters.eq("channel", name))
                            .sort(Sorts.descending("enqueued_at", WebhookOutbox.POSITION, "_id")).limit(query.max()))
                    .<ChannelDeliveriesResponse.Delivery>map(ChannelDeliveriesResponse.EmailDelivery::of).collectList()
                    .map(list -> new ChannelDeliveriesResponse(name, list));
        }
        return Flux.from(readModels.collection(WebhookOutbox.DELIVERIES)
                        .find(Filters.and(Filters.eq(DeliveryRoute.FIELD, AlertChannelOutbox.ROUTE),
                                Filters.eq("channel", name)))
                        .sort(Sorts.descending("enqueued_at", WebhookOutbox.POSITION, "_id")).limit(query.max()))
                .<ChannelDeliveriesResponse.Delivery>map(ChannelDeliveriesResponse.HttpDelivery::of).collectList()
                .map(list -> new ChannelDeliveriesResponse(name, list));
    }
}
