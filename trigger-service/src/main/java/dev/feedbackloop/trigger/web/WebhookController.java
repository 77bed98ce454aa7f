package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.FindWebhookDeliveries;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscription;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscriptions;
import dev.feedbackloop.kernel.trigger.WebhookDeliveryView;
import dev.feedbackloop.kernel.trigger.WebhookSubscriptionView;
import dev.feedbackloop.support.config.IdSource;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.ProblemHandler;
import dev.feedbackloop.trigger.command.RemoveWebhookSubscription;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import dev.feedbackloop.trigger.webhook.WebhookSettings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Webhook subscriptions of automated pipelines (triggers:manage). A POST answers with the subscription at once;
 * the listings follow once the projection has it. The secret goes in and never comes out.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
public class WebhookController {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_DELIVERIES = 1_000;
    private static final String ID_FORMAT = "[A-Za-z0-9_-]{1,100}";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;
    private final WebhookSettings settings;

    public WebhookController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock,
                             WebhookSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    @Bean
    static AccessRule manageWebhooks() {
        return AccessRule.of(null, "/api/v1/webhooks/**", Scope.TRIGGERS_MANAGE);
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> subscribe(@RequestBody(required = false) Flux<DataBuffer> body) {
        return JsonBodies.read(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .map(bytes -> WebhookRequestParser.parse(ids.next("wh-"), JsonBodies.parse(bytes), Instant.now(clock),
                        settings.allowLoopback()))
                .flatMap(command -> Mono.fromCallable(() -> commands.sendAndWait(command))
                        .subscribeOn(Schedulers.boundedElastic())
                        .thenReturn(command))
                .map(command -> ResponseEntity.created(URI.create("/api/v1/webhooks/" + command.webhookId()))
                        .body(toJson(subscribed(command))));
    }

    @GetMapping
    public Mono<Map<String, Object>> subscriptions() {
        return Mono.fromFuture(() -> queries.query(new FindWebhookSubscriptions(),
                        ResponseTypes.multipleInstancesOf(WebhookSubscriptionView.class)))
                .map(list -> Map.of("webhooks", list.stream().map(WebhookController::toJson).toList()));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> subscription(@PathVariable String id) {
        return find(id).map(WebhookController::toJson);
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> remove(@PathVariable String id) {
        requireWellFormed(id);
        return Mono.fromCallable(() -> commands.sendAndWait(new RemoveWebhookSubscription(id, Instant.now(clock))))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof AggregateNotFoundException, e -> notFound(id))
                .then(Mono.just(ResponseEntity.noContent().<Void>build()));
    }

    @GetMapping("/{id}/deliveries")
    public Mono<Map<String, Object>> deliveries(@PathVariable String id,
                                                @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw ApiProblem.validation("limit", "range", "must be between 1 and " + MAX_DELIVERIES);
        }
        return find(id).flatMap(subscription -> Mono.fromFuture(() -> queries.query(
                        new FindWebhookDeliveries(id, limit), ResponseTypes.multipleInstancesOf(WebhookDeliveryView.class))))
                .map(list -> Map.of("webhook_id", id,
                        "deliveries", list.stream().map(WebhookController::toJson).toList()));
    }

    private Mono<WebhookSubscriptionView> find(String id) {
        requireWellFormed(id);
        return Mono.fromFuture(() -> queries.query(new FindWebhookSubscription(id),
                        ResponseTypes.instanceOf(WebhookSubscriptionView.class)))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static void requireWellFormed(String id) {
        if (!id.matches(ID_FORMAT)) {
            throw notFound(id);
        }
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("There is no webhook subscription '" + id + "'");
    }

    private static WebhookSubscriptionView subscribed(SubscribeWebhook c) {
        return new WebhookSubscriptionView(c.webhookId(), c.url(), c.eventTypes(), c.description(), "active",
                c.subscribedAt(), null, null);
    }

    static Map<String, Object> toJson(WebhookSubscriptionView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.webhookId());
        out.put("url", v.url());
        out.put("event_types", v.eventTypes());
        out.put("description", v.description());
        out.put("state", v.state());
        out.put("subscribed_at", v.subscribedAt().toString());
        out.put("ended_at", v.endedAt() == null ? null : v.endedAt().toString());
        out.put("disabled_reason", v.disabledReason());
        return out;
    }

    static Map<String, Object> toJson(WebhookDeliveryView d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event_id", d.eventId());
        out.put("event_type", d.eventType());
        out.put("state", d.state());
        out.put("attempts", d.attempts());
        out.put("last_status", d.lastStatus());
        out.put("last_error", d.lastError());
        out.put("next_attempt_at", d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString());
        out.put("enqueued_at", d.enqueuedAt() == null ? null : d.enqueuedAt().toString());
        return out;
    }
}
