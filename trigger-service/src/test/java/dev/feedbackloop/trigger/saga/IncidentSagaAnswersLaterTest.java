package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.NoMoreInterceptors;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSaga;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.metamodel.AnnotationSagaMetaModelFactory;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.feedbackloop.trigger.saga.IncidentSagaTest.AT;
import static dev.feedbackloop.trigger.saga.IncidentSagaTest.NOW;
import static dev.feedbackloop.trigger.saga.IncidentSagaTest.RULES;
import static dev.feedbackloop.trigger.saga.IncidentSagaTest.degradation;
import static dev.feedbackloop.trigger.saga.IncidentSagaTest.degradationCleared;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incident saga on a command bus that answers later (a distributed one): its handlers send and return without
 * waiting, and the answer reaches the saga afterwards as a deadline. The saga test fixture's bus always answers at
 * once, so the saga is driven here through Axon's own saga model with a gateway whose answers the test gives.
 */
class IncidentSagaAnswersLaterTest {

    final LaterGateway commands = new LaterGateway();
    final StubDeadlineManager deadlines = new StubDeadlineManager(NOW);
    AnnotatedSaga<IncidentSaga> saga;

    @BeforeEach
    void setUp() {
        IncidentSettings settings = new IncidentSettings(Duration.ofDays(7), Duration.ZERO, Duration.ofMinutes(1), 3, false);
        var resources = MultiParameterResolverFactory.ordered(
                new SimpleResourceParameterResolverFactory(List.of(commands, RULES, settings, Clock.fixed(NOW, ZoneOffset.UTC),
                        new Exemplars(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build()),
                        deadlines)),
                ClasspathParameterResolverFactory.forClass(IncidentSaga.class));
        var factory = new AnnotationSagaMetaModelFactory(resources);
        saga = new AnnotatedSaga<>("incident-1",
                Set.of(new AssociationValue(IncidentSaga.CONDITION, degradation(AT).incidentKey())), new IncidentSaga(), factory.modelOf(IncidentSaga.class),
                NoMoreInterceptors.instance());
    }

    void deliver(EventMessage<?> message) throws Exception {
        DefaultUnitOfWork.startAndGet(message).executeWithResult(() -> saga.handle(message));
    }

    void event(Object payload) throws Exception {
        deliver(GenericEventMessage.asEventMessage(payload));
    }

    /** Hands the saga the deadline of this name that its own answers scheduled (the scheduler would, a moment later). */
    void deadline(String name) throws Exception {
        ScheduledDeadlineInfo info = deadlines.getScheduledDeadlines().stream()
                .filter(d -> d.getDeadlineName().equals(name)).findFirst().orElseThrow();
        deadlines.cancelSchedule(name, info.getScheduleId());
        deliver(info.deadlineMessage());
    }

    @Test
    void theActionsGoOutOneAfterTheOtherWithoutTheHandlerWaitingAndTheAnswerArrivesAsADeadline() throws Exception {
        event(degradation(AT));
        // the handler returned with only the first command sent: the next waits for its answer, not the handler
        assertThat(commands.sent).singleElement().isInstanceOf(OpenIncident.class);

        event(degradationCleared(AT.plusSeconds(3600)));
        assertThat(commands.sent).hasSize(1);      // the clearing waits for the actions

        commands.answerAll();
        assertThat(commands.sent).hasSize(4);
        assertThat(commands.sent.get(1)).isInstanceOf(RaiseAlert.class);
        assertThat(deadlines.getScheduledDeadlines()).extracting(ScheduledDeadlineInfo::getDeadlineName)
                .contains(IncidentSaga.SENT);

        deadline(IncidentSaga.SENT);
        assertThat(commands.sent.subList(4, commands.sent.size()))
                .hasExactlyElementsOfTypes(ClearIncident.class);
        commands.answerAll();
        assertThat(commands.sent.subList(5, commands.sent.size())).hasExactlyElementsOfTypes(ResolveAlert.class);
        assertThat(saga.isActive()).isTrue();      // its evaluation run is still open
    }

    @Test
    void aFailureThatArrivesLaterSendsTheActionsAgainAfterTheRetryDelay() throws Exception {
        event(degradation(AT));
        commands.answerNext();
        commands.failNext(new IllegalStateException("the event store is down"));
        assertThat(commands.sent).hasSize(2);      // the third command is never sent after the second failed

        deadline(IncidentSaga.FAILED);
        assertThat(deadlines.getScheduledDeadlines()).anySatisfy(d -> {
            assertThat(d.getDeadlineName()).isEqualTo(IncidentSaga.RETRY);
            assertThat(d.getScheduleTime()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        });

        deadline(IncidentSaga.RETRY);
        assertThat(commands.sent).hasSize(3);
        assertThat(commands.sent.get(2)).isEqualTo(commands.sent.get(0));  // the same incident, by the same id
    }

    /** A gateway whose every answer the test gives, in order. */
    static final class LaterGateway implements CommandGateway {
        final List<Object> sent = new ArrayList<>();
        final List<CompletableFuture<Object>> answers = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> send(Object command) {
            sent.add(command);
            CompletableFuture<Object> answer = new CompletableFuture<>();
            answers.add(answer);
            return (CompletableFuture<R>) answer;
        }

        void answerNext() {
            answers.stream().filter(a -> !a.isDone()).findFirst().orElseThrow().complete(null);
        }

        void failNext(Exception e) {
            answers.stream().filter(a -> !a.isDone()).findFirst().orElseThrow().completeExceptionally(e);
        }

        void answerAll() {
            while (answers.stream().anyMatch(a -> !a.isDone())) {
                answerNext();
            }
        }

        @Override
        public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R sendAndWait(Object command) {
            throw new AssertionError("the saga must not wait for " + command);
        }

        @Override
        public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
            throw new AssertionError("the saga must not wait for " + command);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            return () -> true;
        }
    }
}
