package dev.feedbackloop.trigger.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.FindStreamStatus;
import dev.feedbackloop.kernel.trigger.StreamStatus;
import dev.feedbackloop.support.ops.NewestEventOnly;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;

/**
 * Follows the store and remembers the newest position seen ($max, so a replayed event changes nothing): the trigger
 * service's proof of life, and a lag indicator. It is delivered only the newest event of each run
 * ({@link NewestEventOnly}), so it costs a few writes per thousand events instead of handling every one.
 */
@Component
@NewestEventOnly
@ProcessingGroup(StreamWatchProjection.PROCESSING_GROUP)
public class StreamWatchProjection {

    public static final String PROCESSING_GROUP = "trigger-stream-watch";
    public static final String COLLECTION = "trigger_stream";
    static final String ID = "position";

    private final ReadModelWriter writer;

    public StreamWatchProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    /** Any event delivered (the newest of its run), without opening its payload. */
    @EventHandler(payloadType = Object.class)
    void on(TrackingToken token, @Timestamp Instant storedAt) {
        long position = token.position().orElse(-1L);
        writer.accumulate(COLLECTION, ID, Newest::new, newest -> newest.see(position, storedAt),
                newest -> Updates.combine(Updates.max("last_position", newest.position),
                        Updates.max("last_event_stored_at", Date.from(newest.storedAt))));
    }

    /** The newest event of a batch. */
    private static final class Newest {
        long position = -1;
        Instant storedAt = Instant.EPOCH;

        void see(long position, Instant storedAt) {
            this.position = Math.max(this.position, position);
            this.storedAt = storedAt.isAfter(this.storedAt) ? storedAt : this.storedAt;
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<StreamStatus> handle(FindStreamStatus query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", ID)).first())
                .map(d -> new StreamStatus(((Number) d.get("last_position")).longValue(),
                        d.getDate("last_event_stored_at").toInstant()))
                .defaultIfEmpty(new StreamStatus(-1, null))
                .toFuture();
    }

}
