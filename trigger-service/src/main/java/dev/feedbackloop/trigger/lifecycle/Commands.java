package dev.feedbackloop.trigger.lifecycle;

import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.function.Supplier;

/**
 * Sends a command for the API: an unknown aggregate becomes 404 and a refused transition 409 (problem code
 * CONFLICT); other business rule violations keep their usual mapping.
 */
public final class Commands {

    private Commands() {
    }

    public static Mono<Void> send(CommandGateway gateway, Object command, Supplier<ApiProblem> notFound) {
        return Mono.fromCallable(() -> gateway.sendAndWait(command))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof AggregateNotFoundException, e -> notFound.get())
                .onErrorMap(e -> ProblemHandler.unwrap(e) instanceof LifecycleViolation,
                        e -> new ResponseStatusException(HttpStatus.CONFLICT, ProblemHandler.unwrap(e).getMessage()))
                .then();
    }
}
