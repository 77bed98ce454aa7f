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
import dev.feedbackloop.support.web.BodyLimit;
import dev.feedbackloop.support.web.Locations;
import dev.feedbackloop.support.web.Requests;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.trigger.command.RemoveWebhookSubscription;
import dev.feedbackloop.trigger.command.RotateWebhookSecret;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import dev.feedbackloop.trigger.webhook.WebhookSettings;
import dev.feedbackloop.trigger.webhook.WebhookSignature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Webhook subscriptions of automated pipelines (triggers:manage). A POST answers with the subscription at once;
 * the listings follow once the projection has it. A secret the client gave goes in and never comes out; a secret
 * the platform generated (none given) is answered once, in the 201 or the rotation's 200, and never again. Secrets
 * are sealed here, so commands and events only ever carry them sealed.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "webhooks", description = "Webhook subscriptions, their signing secrets and deliveries")
public class WebhookController {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_DELIVERIES = 1_000;
    private static final String ID_FORMAT = "[A-Za-z0-9_-]{1,100}";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdSource ids;
    private final Clock clock;
    private final WebhookSettings settings;
    private final SecretBox secrets;
    private final SecureRandom random = new SecureRandom();

    public WebhookController(CommandGateway commands, QueryGateway queries, IdSource ids, Clock clock,
                             WebhookSettings settings, SecretBox secrets) {
        this.commands = commands;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.secrets = secrets;
    }

    /** The answer to a rotation; {@code secret} only when the platform generated it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretRotation(String id, String secret, Instant rotatedAt, Instant previousSecretValidUntil) {
        @Override
        public String toString() {
            return "SecretRotation[id=" + id + ", rotatedAt=" + rotatedAt + "]";
        }
    }

    @Bean
    static AccessRule manageWebhooks() {
        return AccessRule.of(null, "/api/v1/webhooks/**", Scope.TRIGGERS_MANAGE);
    }

    @Bean
    static BodyLimit webhookSubscriptionLimit() {
        return new BodyLimit(SubscribeWebhookRequest.class, MAX_BODY_BYTES);
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribes a webhook to event types",
            description = "A secret left out is generated and answered here, once.")
    public Mono<ResponseEntity<SubscribedWebhookResponse>> subscribe(@RequestBody SubscribeWebhookRequest request) {
        String webhookId = ids.next("wh-");
        String generated = request.secret() == null ? WebhookSignature.newSecret(random) : null;
        String secret = generated != null ? generated : request.secret();
        SubscribeWebhook command = new SubscribeWebhook(webhookId, request.url(), request.eventTypeNames(),
                secrets.seal(secret, SubscribeWebhook.secretContext(webhookId)), request.description(), clock.instant());
        return Requests.send(commands, command)
                .thenReturn(ResponseEntity.created(Locations.of("/api/v1/webhooks", webhookId))
                        .body(SubscribedWebhookResponse.of(command, generated)));
    }

    /**
     * A new signing secret: the one given ({@code {"secret": "whsec_..."}}) or a generated one (empty body). The
     * secrets in use so far keep signing too for {@code platform.webhooks.rotation-overlap}, so a receiver that
     * switches within that time loses nothing. 404 for an unknown subscription, 409 for one no longer active.
     */
    @PostMapping(value = "/{id}/rotate-secret", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rotates a webhook's signing secret",
            description = "A secret left out is generated and answered here, once.")
    public Mono<SecretRotation> rotateSecret(@PathVariable String id,
                                             @RequestBody(required = false) RotateSecretRequest request) {
        requireWellFormed(id);
        String given = request == null ? null : request.secret();
        String secret = given != null ? given : WebhookSignature.newSecret(random);
        Instant now = clock.instant();
        Instant until = now.plus(settings.rotationOverlap());
        RotateWebhookSecret command = new RotateWebhookSecret(id,
                secrets.seal(secret, SubscribeWebhook.secretContext(id)), now, until);
        return Requests.send(commands, command, () -> notFound(id))
                .thenReturn(new SecretRotation(id, given != null ? null : secret, now, until));
    }

    @GetMapping
    @Operation(summary = "Lists the webhook subscriptions")
    public Mono<WebhooksResponse> subscriptions() {
        return Mono.fromFuture(() -> queries.query(new FindWebhookSubscriptions(),
                        ResponseTypes.multipleInstancesOf(WebhookSubscriptionView.class)))
                .map(list -> new WebhooksResponse(list.stream().map(WebhookResponse::of).toList()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Shows a webhook subscription")
    public Mono<WebhookResponse> subscription(@PathVariable String id) {
        return find(id).map(WebhookResponse::of);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Removes a webhook subscription")
    public Mono<ResponseEntity<Void>> remove(@PathVariable String id) {
        requireWellFormed(id);
        return Requests.send(commands, new RemoveWebhookSubscription(id, clock.instant()), () -> notFound(id))
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "Lists a webhook's latest deliveries, newest first")
    public Mono<DeliveriesResponse> deliveries(@PathVariable String id, @ParameterObject DeliveriesQuery query) {
        return find(id).flatMap(subscription -> Mono.fromFuture(() -> queries.query(
                        new FindWebhookDeliveries(id, query.max()), ResponseTypes.multipleInstancesOf(WebhookDeliveryView.class))))
                .map(list -> new DeliveriesResponse(id, list.stream().map(DeliveryResponse::of).toList()));
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
}
