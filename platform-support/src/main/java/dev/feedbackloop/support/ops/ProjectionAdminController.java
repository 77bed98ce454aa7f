package dev.feedbackloop.support.ops;

import dev.feedbackloop.support.web.ApiProblem;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Lists this process's event processors and rebuilds a projection from the event store: the processor stops,
 * its reset handlers drop the read model, its tokens go back to the start and it replays every event.
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
public class ProjectionAdminController {

    private final EventProcessingConfiguration processing;

    public ProjectionAdminController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record SegmentStatus(int segment, boolean caughtUp, boolean replaying, Long position, String error) {
    }

    public record ProjectionStatus(String name, boolean running, boolean error, List<SegmentStatus> segments) {
    }

    @GetMapping
    public List<ProjectionStatus> list() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .map(ProjectionAdminController::statusOf)
                .sorted(Comparator.comparing(ProjectionStatus::name))
                .toList();
    }

    @PostMapping("/{name}/reset")
    public Mono<ResponseEntity<ProjectionStatus>> reset(@PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> ApiProblem.notFound("No projection named '" + name + "' runs in this process"));
        if (!processor.supportsReset()) {
            throw ApiProblem.validation("name", "resettable", "projection '" + name + "' cannot be reset");
        }
        return Mono.fromCallable(() -> {
                    processor.shutdownAsync().get();
                    processor.resetTokens();
                    processor.start();
                    return ResponseEntity.accepted().body(statusOf(processor));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    static ProjectionStatus statusOf(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        List<SegmentStatus> segments = status.values().stream()
                .sorted(Comparator.comparingInt(s -> s.getSegment().getSegmentId()))
                .map(s -> {
                    OptionalLong position = s.getCurrentPosition();
                    return new SegmentStatus(s.getSegment().getSegmentId(), s.isCaughtUp(), s.isReplaying(),
                            position.isPresent() ? position.getAsLong() : null,
                            s.isErrorState() ? String.valueOf(s.getError()) : null);
                })
                .toList();
        return new ProjectionStatus(processor.getName(), processor.isRunning(), processor.isError(), segments);
    }
}
