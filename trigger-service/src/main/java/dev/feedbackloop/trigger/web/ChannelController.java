package dev.feedbackloop.trigger.web;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.feedbackloop.kernel.trigger.WebhookDeliveryView;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.trigger.channel.AlertChannel;
import dev.feedbackloop.trigger.channel.AlertChannelOutbox;
import dev.feedbackloop.trigger.channel.AlertChannels;
import dev.feedbackloop.trigger.webhook.DeliveryRoute;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert channels as configured, and what was delivered to each (triggers:manage). A channel shows its type,
 * whether it has a URL and the URL's host; never the URL itself (a Slack webhook URL is its own secret), the
 * routing key, the headers' values or the secret.
 */
@RestController
@RequestMapping("/api/v1/channels")
public class ChannelController {

    private final AlertChannels channels;
    private final ReadModelWriter readModels;

    public ChannelController(AlertChannels channels, ReadModelWriter readModels) {
        this.channels = channels;
        this.readModels = readModels;
    }

    @Bean
    static AccessRule manageChannels() {
        return AccessRule.of(null, "/api/v1/channels/**", Scope.TRIGGERS_MANAGE);
    }

    @GetMapping
    public Map<String, Object> channels() {
        return Map.of("channels", channels.all().stream().map(ChannelController::toJson).toList());
    }

    @GetMapping("/{name}/deliveries")
    public Mono<Map<String, Object>> deliveries(@PathVariable String name,
                                                @RequestParam(defaultValue = "100") String limit) {
        int max = limit(limit);
        if (channels.find(name).isEmpty()) {
            throw ApiProblem.notFound("There is no alert channel '" + name + "'");
        }
        return Flux.from(readModels.collection(WebhookOutbox.DELIVERIES)
                        .find(Filters.and(Filters.eq(DeliveryRoute.FIELD, AlertChannelOutbox.ROUTE),
                                Filters.eq("channel", name)))
                        .sort(Sorts.descending("enqueued_at", "_id")).limit(max))
                .map(ChannelController::toJson).collectList()
                .map(list -> Map.of("channel", name, "deliveries", list));
    }

    private static int limit(String raw) {
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= WebhookController.MAX_DELIVERIES) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.validation("limit", "range", "must be a whole number between 1 and " + WebhookController.MAX_DELIVERIES);
    }

    static Map<String, Object> toJson(AlertChannel channel) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", channel.name());
        out.put("type", channel.type().wireName());
        out.put("url_set", channel.url().isPresent());
        out.put("host", channel.url().map(java.net.URI::getHost).orElse(null));
        out.put("signed", channel.secret() != null);
        out.put("headers", List.copyOf(channel.headers().keySet()));
        return out;
    }

    static Map<String, Object> toJson(Document d) {
        WebhookDeliveryView view = WebhookOutbox.delivery(d);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alert_id", d.getString("alert_id"));
        out.putAll(WebhookController.toJson(view));
        return out;
    }
}
