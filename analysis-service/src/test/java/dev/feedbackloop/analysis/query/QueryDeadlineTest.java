package dev.feedbackloop.analysis.query;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.analysis.limits.QueryTimeoutException;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.feedbackloop.analysis.query.SearchEvents.feedback;
import static dev.feedbackloop.analysis.query.SearchEvents.logged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query's time reaches the store: every find a search runs carries {@code maxTimeMS} no larger than
 * {@code platform.queries.max-time} (what MongoDB enforces; the embedded server ignores it), and a read started after
 * the deadline fails without reaching the store. Commands are watched as the driver sends them.
 */
class QueryDeadlineTest {

    final EmbeddedMongo server = new EmbeddedMongo(TestDatabases.newDataDir("query-deadline"));
    final List<BsonDocument> finds = new CopyOnWriteArrayList<>();
    final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(server.connectionString()))
            .addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommandName().equals("find")) {
                        finds.add(event.getCommand().clone());
                    }
                }
            })
            .build());
    final ReadModelWriter writer = new ReadModelWriter(client.getDatabase("deadline"), server, Duration.ofSeconds(10));

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void everyFindOfASearchCarriesTheTimeLeftOfItsQuery() {
        FeedbackSearchProjection projection = new FeedbackSearchProjection(writer,
                new QueryLimits(writer, new QuerySettings(Duration.ofSeconds(3))));
        projection.on(feedback("fb-1", "tr-1", "2026-11-20T10:00:00Z", new ExplicitFeedback(1, Thumbs.DOWN, "wrong", null),
                null, FeedbackMetadata.EMPTY));
        projection.on(logged("tr-1", "a-1", "correctness", false, "2026-11-20T10:01:00Z", null));
        finds.clear();

        List<FeedbackMatch> found = projection.handle(new SearchFeedback("assessment.correctness = false AND rating <= 2",
                10, null)).join().feedback();

        assertThat(found).extracting(FeedbackMatch::feedbackId).containsExactly("fb-1");
        // the assessed traces, the page, the page's assessments
        assertThat(finds).hasSize(3);
        assertThat(finds).allSatisfy(find -> {
            assertThat(find.containsKey("maxTimeMS")).as("maxTimeMS in %s", find.toJson()).isTrue();
            assertThat(find.getNumber("maxTimeMS").longValue()).isBetween(1L, 3_000L);
        });
    }

    @Test
    void aReadStartedAfterTheDeadlineFailsWithoutReachingTheStore() throws InterruptedException {
        QueryDeadline deadline = new QueryLimits(writer, new QuerySettings(Duration.ofMillis(10))).start();
        Thread.sleep(30);
        finds.clear();

        assertThatThrownBy(() -> deadline.collection(FeedbackSearchProjection.FEEDBACK))
                .isInstanceOf(QueryTimeoutException.class)
                .hasMessage("the query took longer than platform.queries.max-time (PT0.01S)");
        assertThat(finds).isEmpty();
    }

    @Test
    void aMaxTimeOutsideItsRangeStopsTheStart() {
        assertThatThrownBy(() -> new QuerySettings(Duration.ZERO))
                .hasMessage("platform.queries.max-time must be between 10ms and 10m, was PT0S");
        assertThatThrownBy(() -> new QuerySettings(Duration.ofHours(1)))
                .hasMessageStartingWith("platform.queries.max-time must be between");
    }
}
