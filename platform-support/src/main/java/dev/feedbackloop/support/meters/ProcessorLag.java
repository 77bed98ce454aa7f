package dev.feedbackloop.support.meters;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How far each streaming processor of this process is behind the event store: the head's global index minus the
 * position of its slowest claimed segment (in events), and the age of the oldest event it has not handled yet (in
 * seconds). A processor with no segment claimed here is left out: the instance that claims its segments reports it.
 * One snapshot serves every gauge of a scrape ({@code maxAge}), so a scrape costs two small queries, not two per group.
 */
public final class ProcessorLag {

    /** One processing group's lag; {@code error} when one of its segments is in error (retrying). */
    public record Lag(String processingGroup, long events, double seconds, boolean error) {
    }

    private record Snapshot(Instant takenAt, Map<String, Lag> lags) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Snapshot last;

    public ProcessorLag(EventProcessingConfiguration processing, DataSource dataSource, Clock clock, Duration maxAge) {
        this.processing = processing;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(5);
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The streaming processors of this process, by name. */
    public List<String> processingGroups() {
        return processing.eventProcessors().entrySet().stream()
                .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** The group's lag, or null when no segment of it is claimed here or the event store cannot be read. */
    public Lag of(String processingGroup) {
        return current().get(processingGroup);
    }

    public synchronized Map<String, Lag> current() {
        Snapshot snapshot = last;
        Instant now = clock.instant();
        if (snapshot == null || now.isAfter(snapshot.takenAt().plus(maxAge))) {
            Map<String, Lag> lags;
            try {
                lags = measure(now);
            } catch (RuntimeException storeUnreadable) {
                lags = Map.of();
            }
            snapshot = new Snapshot(now, lags);
            last = snapshot;
        }
        return snapshot.lags();
    }

    private Map<String, Lag> measure(Instant now) {
        Long head = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        long headIndex = head == null ? -1 : head;
        Map<String, Lag> lags = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor streaming)) {
                return;
            }
            Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
            if (segments.isEmpty()) {
                return;
            }
            long slowest = Long.MAX_VALUE;
            boolean error = false;
            for (EventTrackerStatus segment : segments.values()) {
                error |= segment.isErrorState();
                OptionalLong position = segment.getCurrentPosition();
                slowest = Math.min(slowest, position.isPresent() ? position.getAsLong() : -1);
            }
            long behind = Math.max(0, headIndex - slowest);
            lags.put(name, new Lag(name, behind, behind == 0 ? 0 : ageOfFirstAfter(slowest, now), error));
        });
        return lags;
    }

    private double ageOfFirstAfter(long position, Instant now) {
        List<String> stamps = jdbc.queryForList("SELECT timeStamp FROM DomainEventEntry WHERE globalIndex > ?"
                + " ORDER BY globalIndex FETCH FIRST 1 ROWS ONLY", String.class, position);
        if (stamps.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Duration.between(Instant.parse(stamps.get(0)), now).toMillis() / 1000.0);
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
