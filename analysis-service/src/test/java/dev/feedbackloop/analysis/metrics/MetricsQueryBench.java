package dev.feedbackloop.analysis.metrics;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.kernel.analysis.SummarizeFeedback;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Not a test: query latency of /summary and /daily over the hourly slices of N feedback (default 1,000,000 over 30
 * days, 3 agents x 3 versions x 8 intents) on the embedded read-model store. The slices are folded with the
 * projection's own counters and written once; then each query runs 3 times to warm up and 20 times
 * measured. Run with bench/run-metrics-queries.sh.
 */
public final class MetricsQueryBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String[] agents = {"support-bot", "billing-bot", "sales-bot"};
        String[] versions = {"1.0", "1.1", "2.0"};
        String[] intents = {"billing", "refunds", "shipping", "account", "cancellation", "technical", "sales", "other"};
        Instant end = Instant.parse("2026-11-28T00:00:00Z");
        Instant start = end.minus(Duration.ofDays(days));
        Random r = new Random(42);
        Map<String, Object[]> slices = new HashMap<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusSeconds((long) days * 86_400 * i / count);
            String agent = agents[r.nextInt(3)];
            String version = versions[r.nextInt(3)];
            String intent = intents[r.nextInt(8)];
            int rating = 1 + r.nextInt(5);
            FeedbackSubmitted e = new FeedbackSubmitted(FeedbackId.of("f" + i), TraceId.of("t" + i), at, "u" + r.nextInt(50_000),
                    "s", new ExplicitFeedback(rating, rating >= 3 ? Thumbs.UP : Thumbs.DOWN, null, null),
                    new ImplicitSignals(r.nextInt(10) < 8, r.nextInt(10) < 2, 500L + r.nextInt(20_000), r.nextInt(3), r.nextInt(20) == 0),
                    new FeedbackMetadata(agent, version, intent, List.of(), Map.of(), Map.of()), "fp", at);
            for (String collection : List.of(MetricsProjection.HOURLY, MetricsProjection.DAILY)) {
                Instant slice = at.truncatedTo(collection.equals(MetricsProjection.HOURLY) ? ChronoUnit.HOURS : ChronoUnit.DAYS);
                Object[] entry = slices.computeIfAbsent(collection + "/" + MetricsProjection.sliceId(agent, slice),
                        k -> new Object[]{collection, MetricsProjection.sliceId(agent, slice), agent, slice,
                                new MetricsProjection.SeriesCounts()});
                ((MetricsProjection.SeriesCounts) entry[4]).add(e);
            }
        }
        System.out.printf("folded %,d feedback into %,d slices in %.1f s%n", count, slices.size(), (System.nanoTime() - t0) / 1e9);

        Path dir = Files.createTempDirectory("metrics-query-bench");
        try (EmbeddedMongo server = new EmbeddedMongo(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            ReadModelWriter writer = new ReadModelWriter(client.getDatabase("bench"), server, Duration.ofSeconds(60));
            t0 = System.nanoTime();
            Map<String, List<WriteModel<Document>>> batches = new HashMap<>();
            for (Object[] v : slices.values()) {
                String collection = (String) v[0];
                List<WriteModel<Document>> batch = batches.computeIfAbsent(collection, c -> new ArrayList<>());
                Document slice = ((MetricsProjection.SeriesCounts) v[4]).mergeInto(null, (String) v[2], (Instant) v[3]);
                slice.put("_id", v[1]);
                batch.add(new InsertOneModel<>(slice));
                if (batch.size() == 500) {
                    server.write(() -> Mono.from(writer.collection(collection).bulkWrite(batch)).block());
                    batches.remove(collection);
                }
            }
            batches.forEach((collection, chunk) ->
                    server.write(() -> Mono.from(writer.collection(collection).bulkWrite(chunk)).block()));
            for (String agent : agents) {
                server.write(() -> Mono.from(writer.collection(MetricsProjection.WATERMARKS).insertOne(new Document("_id", agent))).block());
            }
            server.afterBatchWritten();
            System.out.printf("wrote the slices in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            MetricsQueries queries = new MetricsQueries(new QueryLimits(writer, new QuerySettings(Duration.ofMinutes(10))), new Slices(writer));
            time("summary, all agents, " + days + " days", () -> queries.handle(new SummarizeFeedback(start, end, null, null, null)).join().metrics().totalFeedback());
            time("summary, one agent and intent", () -> queries.handle(new SummarizeFeedback(start, end, "support-bot", null, "billing")).join().metrics().totalFeedback());
            time("summary, 7 days not day-aligned", () -> queries.handle(new SummarizeFeedback(end.minus(Duration.ofDays(7)).minus(Duration.ofHours(5)),
                    end.minus(Duration.ofHours(3)), null, null, null)).join().metrics().totalFeedback());
            time("summary, 19 hours (hourly only)", () -> queries.handle(new SummarizeFeedback(end.minus(Duration.ofDays(2)).plus(Duration.ofHours(2)),
                    end.minus(Duration.ofDays(1)).minus(Duration.ofHours(3)), null, null, null)).join().metrics().totalFeedback());
            time("summary, last 24 h", () -> queries.handle(new SummarizeFeedback(end.minus(Duration.ofDays(1)), end, null, null, null)).join().metrics().totalFeedback());
            LocalDate from = LocalDate.ofInstant(start, ZoneOffset.UTC);
            LocalDate to = LocalDate.ofInstant(end.minusSeconds(1), ZoneOffset.UTC);
            time("daily, " + days + " days", () -> (long) queries.handle(new FindDailyMetrics(from, to, ZoneOffset.UTC, List.of(), null)).join().size());
            time("daily by agent and intent", () -> (long) queries.handle(new FindDailyMetrics(from, to, ZoneOffset.UTC,
                    List.of("agent_id", "intent_category"), null)).join().size());
        }
    }

    static void time(String what, Supplier<Long> query) {
        long result = 0;
        for (int i = 0; i < 3; i++) {
            result = query.get();
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            result = query.get();
            micros.add((System.nanoTime() - t0) / 1000);
        }
        Collections.sort(micros);
        System.out.printf("%-36s median %6.1f ms  p90 %6.1f ms  (answer %,d)%n", what, micros.get(10) / 1000.0, micros.get(18) / 1000.0, result);
    }
}
