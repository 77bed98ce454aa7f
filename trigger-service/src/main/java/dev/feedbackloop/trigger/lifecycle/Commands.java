package dev.feedbackloop.trigger.lifecycle;

import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.function.Supplier;

/**
 * Sends a command for the API, off the event loop: an unknown aggregate becomes 404; business rule violations keep
 * their usual mapping (a refused transition, WRONG_STATE, is 409).
 */
public final class Commands {

    private Commands() {
    }

    public static Mono<Void> send(CommandGateway gateway, Object command, Supplier<ApiProblem> notFound) {
        return Mono.fromCallable(() -> gateway.sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof AggregateNotFoundException, e -> notFound.get())
                .then();
    }
}
