package dev.feedbackloop.kernel;

import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.analysis.ModelEvent;
import dev.feedbackloop.kernel.analysis.MonitorEvent;
import dev.feedbackloop.kernel.feedback.AssessmentEvent;
import dev.feedbackloop.kernel.feedback.FeedbackEvent;
import dev.feedbackloop.kernel.trigger.AlertEvent;
import dev.feedbackloop.kernel.trigger.EvaluationRunEvent;
import dev.feedbackloop.kernel.trigger.IncidentEvent;
import dev.feedbackloop.kernel.trigger.PipelineRunEvent;
import dev.feedbackloop.kernel.trigger.TestCaseEvent;
import dev.feedbackloop.kernel.trigger.TicketEvent;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keeps the kernel a published language: plain records, no framework or persistence types, versioned events. */
class PublishedLanguageTest {

    static final Path SOURCES = Path.of("src/main/java/dev/feedbackloop/kernel");
    static final List<String> ALLOWED_FOREIGN_IMPORTS = List.of(
            "org.axonframework.serialization.Revision",
            "org.axonframework.modelling.command.TargetAggregateIdentifier");
    /** Past tenses that do not end in "ed". */
    static final List<String> IRREGULAR_PAST = List.of("Met", "Grew", "Split", "TimedOut", "Held", "Overridden", "RolledBack");

    @Test
    void kernelSourcesImportOnlyTheJdkAndAxonsMessageAnnotations() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).stream()
                            .filter(l -> l.startsWith("import "))
                            .map(l -> l.replace("import ", "").replace("static ", "").replace(";", "").trim())
                            .filter(i -> !i.startsWith("java.") && !i.startsWith("dev.feedbackloop.kernel."))
                            .filter(i -> !ALLOWED_FOREIGN_IMPORTS.contains(i))
                            .map(i -> p.getFileName() + ": " + i))
                    .toList();
            assertThat(offending).isEmpty();
        }
    }

    @Test
    void springAndPersistenceAreNotEvenOnTheKernelsClasspath() {
        for (String type : List.of("org.springframework.context.ApplicationContext", "jakarta.persistence.Entity",
                "com.mongodb.client.MongoClient", "com.fasterxml.jackson.databind.ObjectMapper",
                "org.yaml.snakeyaml.Yaml")) {
            assertThatThrownBy(() -> Class.forName(type)).as(type).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void everyEventIsAVersionedRecordCarryingItsOwnTimestamp() {
        List<Class<?>> events = Stream.of(FeedbackEvent.class, AssessmentEvent.class, ModelEvent.class,
                        MonitorEvent.class, FailureClusterEvent.class, IncidentEvent.class, AlertEvent.class,
                        TicketEvent.class, TestCaseEvent.class, EvaluationRunEvent.class, PipelineRunEvent.class,
                        dev.feedbackloop.kernel.cycle.CycleEvent.class, dev.feedbackloop.kernel.cycle.JudgeAgreementEvent.class,
                        dev.feedbackloop.kernel.interaction.InteractionEvent.class,
                        dev.feedbackloop.kernel.feedback.DataSubjectEvent.class,
                        dev.feedbackloop.kernel.gate.VersionApprovalEvent.class,
                        dev.feedbackloop.kernel.release.ReleaseEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                .toList();
        assertThat(events).isNotEmpty();
        for (Class<?> event : events) {
            assertThat(event.isRecord()).as(event + " is a record").isTrue();
            assertThat(event.getAnnotation(Revision.class)).as(event + " has @Revision").isNotNull();
            assertThat(Arrays.stream(event.getRecordComponents()).anyMatch(c -> c.getType() == Instant.class))
                    .as(event + " carries an Instant").isTrue();
            String name = event.getSimpleName();
            assertThat(name.endsWith("ed") || IRREGULAR_PAST.stream().anyMatch(name::endsWith))
                    .as(name + " is named in the past tense").isTrue();
        }
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            List<Path> missing = dirs.filter(Files::isDirectory)
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .toList();
            assertThat(missing).isEmpty();
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
