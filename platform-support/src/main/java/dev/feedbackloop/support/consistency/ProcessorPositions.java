package dev.feedbackloop.support.consistency;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.OptionalLong;

/**
 * Where the event store and the event processors stand. The segments of a processor are the rows of the shared JDBC
 * token store (with several instances a segment may be claimed by another one; reading the rows claims nothing, the
 * token store's own fetch would take the claim). A segment this process works on is judged by its live status
 * instead of its row: a pooled processor stores the token of a segment that had nothing to handle only when it extends
 * its claim (every 5 s), while its live status moves with every event, and it advances after a handled batch's commit.
 * When this process works on every segment of a processor (one instance, the usual case), the live statuses answer
 * without reading the token table; the database is asked only while a token past the position still holds gaps at
 * or below it (one indexed count per look: whether the event table has an event at any of those indexes).
 */
public class ProcessorPositions {

    private static final String TOKENS = "SELECT segment, token, tokenType FROM TokenEntry WHERE processorName = ?";
    private static final int GAP_CHUNK = 500;

    private record Row(int segment, byte[] token, String type) {
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventStore eventStore;
    private final Supplier<EventProcessingConfiguration> processing;
    private final Map<String, StreamingEventProcessor> processors = new ConcurrentHashMap<>();

    public ProcessorPositions(DataSource dataSource, Serializer serializer, EventStore eventStore,
                              Supplier<EventProcessingConfiguration> processing) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.serializer = serializer;
        this.eventStore = eventStore;
        this.processing = processing;
    }

    /** The global index of the newest committed event; empty while the store holds none. */
    public OptionalLong head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }

    /**
     * Whether every segment of the processor has handled every event stored at or below {@code position} (see
     * {@link #covers(TrackingToken, long)}). False for a processor that has no tokens yet.
     */
    public boolean passed(String processor, long position) {
        Map<Integer, EventTrackerStatus> live = liveStatus(processor);
        // one snapshot: the processor's map is live, and a segment released between the two looks must not go unchecked
        List<EventTrackerStatus> statuses = List.copyOf(live.values());
        if (coverEverySegment(statuses)) {
            return statuses.stream().allMatch(status -> covers(status.getTrackingToken(), position));
        }
        List<Row> rows = jdbc.query(TOKENS, (row, i) -> new Row(row.getInt(1), row.getBytes(2), row.getString(3)),
                processor);
        return !rows.isEmpty() && rows.stream().allMatch(row -> {
            EventTrackerStatus status = live.get(row.segment());
            TrackingToken token = status != null && !status.isErrorState() ? status.getTrackingToken() : stored(row);
            return covers(token, position);
        });
    }

    /**
     * The live statuses of the processor's segments that run in this process. The processor is looked up once: a
     * waiting read asks every 25 ms, and resolving the configuration bean and Axon's processor map each time took
     * more CPU than the statuses themselves.
     */
    private Map<Integer, EventTrackerStatus> liveStatus(String processor) {
        StreamingEventProcessor found = processors.get(processor);
        if (found == null) {
            EventProcessingConfiguration configuration = processing.get();
            found = configuration == null ? null
                    : configuration.eventProcessor(processor, StreamingEventProcessor.class).orElse(null);
            if (found == null) {
                return Map.of();
            }
            processors.put(processor, found);
        }
        return found.processingStatus();
    }

    /**
     * Whether these statuses, none in error, are of segments that together make the whole processor: a segment of
     * mask {@code m} is {@code 1/(m+1)} of it, so segments that do not overlap add up to one exactly when no segment
     * is elsewhere. (Overlapping ones, as a split or merge might show for a moment, send the caller to the table.)
     */
    static boolean coverEverySegment(Collection<EventTrackerStatus> statuses) {
        long whole = 1L << 32;
        long covered = 0;
        List<Segment> seen = new ArrayList<>(statuses.size());
        for (EventTrackerStatus status : statuses) {
            Segment segment = status.getSegment();
            if (status.isErrorState() || seen.stream().anyMatch(other -> overlap(segment, other))) {
                return false;
            }
            seen.add(segment);
            covered += whole / (segment.getMask() + 1L);
        }
        return covered == whole;
    }

    /** Two segments share events when their ids agree on the bits of the smaller mask. */
    static boolean overlap(Segment a, Segment b) {
        int common = a.getMask() & b.getMask();
        return (a.getSegmentId() & common) == (b.getSegmentId() & common);
    }

    private TrackingToken stored(Row row) {
        if (row.token() == null || row.type() == null) {
            return null;
        }
        return serializer.deserialize(
                new SimpleSerializedObject<>(row.token(), byte[].class, new SimpleSerializedType(row.type(), null)));
    }

    /**
     * Whether a segment at {@code token} has handled every event stored at or below {@code position}: its token is at
     * or past it, and no index it skipped as a gap at or below it holds an event now. On SQL stores a transaction that
     * commits late leaves such a gap, which the processor fills later; the position a write answers with is the
     * store's head when it answers, which can be past the write's own events, so those can still be gaps of a token
     * past the head. A gap that stays empty (an append rolled back) holds nothing back.
     */
    boolean covers(TrackingToken token, long position) {
        return covers(token, position, this::anyStored);
    }

    static boolean covers(TrackingToken token, long position, Predicate<SortedSet<Long>> anyStored) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            if (gapAware.getIndex() < position) {
                return false;
            }
            SortedSet<Long> skipped = gapAware.getGaps().headSet(position + 1);
            return skipped.isEmpty() || !anyStored.test(skipped);
        }
        return current != null && current.position().isPresent() && current.position().getAsLong() >= position;
    }

    /** Whether the event table holds an event at any of these global indexes. */
    private boolean anyStored(SortedSet<Long> indexes) {
        List<Long> all = List.copyOf(indexes);
        for (int i = 0; i < all.size(); i += GAP_CHUNK) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + GAP_CHUNK));
            Integer stored = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE globalIndex IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", Integer.class, chunk.toArray());
            if (stored != null && stored > 0) {
                return true;
            }
        }
        return false;
    }
}
