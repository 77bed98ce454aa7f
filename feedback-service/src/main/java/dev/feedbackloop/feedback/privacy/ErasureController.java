package dev.feedbackloop.feedback.privacy;

import dev.feedbackloop.kernel.common.StorableText;
import dev.feedbackloop.kernel.feedback.ErasePersonalData;
import dev.feedbackloop.feedback.interaction.InteractionProjection;
import dev.feedbackloop.feedback.query.FeedbackProjection;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.RetainedCollection;
import dev.feedbackloop.support.security.AccessRule;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;

/** {@code DELETE /api/v1/users/{user_id}/data}: a user's right to erasure, for admin keys. */
@RestController
@Tag(name = "privacy")
public class ErasureController {

    /**
     * The erasure as recorded: the data subject (a keyed hash of the user id, which the platform does not keep),
     * whether a key was destroyed (false when nothing was left to erase), who asked and when.
     */
    public record ErasureResponse(String subject, boolean keyDestroyed, String requestedBy, Instant erasedAt) {
    }

    private final CommandGateway commands;
    private final DataSubjects subjects;
    private final Clock clock;

    public ErasureController(CommandGateway commands, DataSubjects subjects, Clock clock) {
        this.commands = commands;
        this.subjects = subjects;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.ACCEPTED)
    @DeleteMapping("/api/v1/users/{userId}/data")
    @Operation(summary = "Erase a user's personal data",
            description = "Destroys the user's key, so their user and session ids, comments, corrections and metadata"
                    + " attributes no longer read anywhere: in the event store, its backups and every read model"
                    + " rebuilt from it. Read models clear what they hold of the user within seconds (202). Ratings,"
                    + " thumbs and implicit signals stay, unlinked from the user, so metrics do not change. Repeating"
                    + " the request is harmless and recorded again.")
    public Mono<ResponseEntity<ErasureResponse>> erase(@PathVariable String userId, ServerWebExchange exchange) {
        if (userId == null || userId.isBlank() || userId.length() > JsonValues.MAX_NAME_LENGTH
                || StorableText.problem(userId) != null) {
            return Mono.error(ApiProblem.validation("user_id", "format",
                    "must be 1-" + JsonValues.MAX_NAME_LENGTH + " characters of storable text"));
        }
        Instant now = clock.instant();
        ErasePersonalData command = new ErasePersonalData(subjects.of(userId), Requests.actor(exchange), now);
        return Mono.fromCallable(() -> Boolean.TRUE.equals(commands.sendAndWait(command)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(destroyed -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new ErasureResponse(
                        command.subject(), destroyed, command.requestedBy(), now)));
    }

    @Bean
    static RetainedCollection retainedFeedback() {
        return new RetainedCollection(FeedbackProjection.COLLECTION, "timestamp");
    }

    @Bean
    static RetainedCollection retainedInteractions() {
        return new RetainedCollection(InteractionProjection.COLLECTION, "started_at");
    }

    @Bean
    static AccessRule eraseUserDataAccess() {
        return AccessRule.of(HttpMethod.DELETE, "/api/v1/users/*/data", Scope.ADMIN);
    }
}
