package dev.feedbackloop.analysis.operations;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Not a test: latency of the operations queries over one day of N interactions (default 1,000,000; 3 agents x 2
 * versions x 4 intents, 20,000 users) on the embedded read-model store. The minute and hour slices are folded with
 * the projection's own code and written once; each query runs 3 times to warm up and 20 times measured. Run with
 * bench/run-operations-queries.sh.
 */
public final class OperationsQueryBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] agents = {"support-bot", "billing-bot", "sales-bot"};
        String[] versions = {"1.0", "2.0"};
        String[] intents = {"billing", "refunds", "shipping", "account"};
        String[] errorTypes = {"RateLimitError", "ToolError", "Timeout"};
        Instant end = Instant.parse("2026-11-28T00:00:00Z");
        Instant start = end.minus(Duration.ofDays(1));
        Random r = new Random(42);
        Map<String, Object[]> slices = new HashMap<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(86_400_000L * i / count);
            String agent = agents[r.nextInt(3)];
            String version = versions[r.nextInt(2)];
            String intent = intents[r.nextInt(4)];
            boolean error = r.nextInt(100) < 2;
            long latency = 200 + (long) Math.abs(r.nextGaussian() * 1500);
            String user = "user-" + r.nextInt(20_000);
            String errorType = error ? errorTypes[r.nextInt(3)] : null;
            long in = 200 + r.nextInt(2000);
            long out = 20 + r.nextInt(400);
            long cost = in * 2 + out * 10;
            long guardrails = r.nextInt(100) < 3 ? 1 : 0;
            for (String collection : List.of(OperationsProjection.MINUTES, OperationsProjection.HOURS)) {
                Instant slice = at.truncatedTo(collection.equals(OperationsProjection.MINUTES) ? ChronoUnit.MINUTES : ChronoUnit.HOURS);
                Object[] entry = slices.computeIfAbsent(collection + "/" + OperationsProjection.sliceId(agent, slice),
                        k -> new Object[]{collection, agent, slice, new OperationsProjection.SliceCounts()});
                ((OperationsProjection.SliceCounts) entry[3]).add(version, intent, o -> {
                    o.outcomes().add(latency, error, errorType, in, out, cost, guardrails);
                    o.users().add(user);
                });
            }
        }
        System.out.printf("folded %,d interactions into %,d slices in %.1f s%n", count, slices.size(), (System.nanoTime() - t0) / 1e9);

        Path dir = Files.createTempDirectory("operations-query-bench");
        try (EmbeddedMongo server = new EmbeddedMongo(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            ReadModelWriter writer = new ReadModelWriter(client.getDatabase("bench"), server, Duration.ofSeconds(60));
            t0 = System.nanoTime();
            Map<String, List<WriteModel<Document>>> batches = new HashMap<>();
            long bytes = 0;
            for (Object[] v : slices.values()) {
                OperationsProjection.SliceCounts counts = (OperationsProjection.SliceCounts) v[3];
                String id = OperationsProjection.sliceId((String) v[1], (Instant) v[2]);
                Document totals = counts.mergeTotalInto(null, (String) v[1], (Instant) v[2]).append("_id", id);
                Document series = counts.mergeSeriesInto(null, (String) v[1], (Instant) v[2]).append("_id", id);
                bytes += totals.toJson().length() + series.toJson().length();
                batches.computeIfAbsent((String) v[0], k -> new ArrayList<>()).add(new InsertOneModel<>(totals));
                batches.computeIfAbsent(OperationsProjection.seriesOf((String) v[0]), k -> new ArrayList<>())
                        .add(new InsertOneModel<>(series));
            }
            for (Map.Entry<String, List<WriteModel<Document>>> e : batches.entrySet()) {
                Mono.from(writer.collection(e.getKey()).bulkWrite(e.getValue())).block();
            }
            for (String agent : agents) {
                Mono.from(writer.collection(OperationsProjection.AGENTS).insertOne(new Document("_id", agent)
                        .append("first_event_time", java.util.Date.from(start)).append("latest_event_time", java.util.Date.from(end)))).block();
            }
            System.out.printf("wrote the slices (about %,d KB as JSON) in %.1f s%n", bytes / 1024, (System.nanoTime() - t0) / 1e9);

            Clock clock = Clock.fixed(end.plusSeconds(30), ZoneOffset.UTC);
            OperationalMetrics metrics = new OperationalMetrics(writer);
            OperationsQueries queries = new OperationsQueries(metrics, new OperationsSettings(Duration.ofDays(2), Duration.ofMinutes(10)), clock);
            OperationalMetrics.Selector one = new OperationalMetrics.Selector("support-bot", null, null);
            OperationalMetrics.Selector all = new OperationalMetrics.Selector(null, null, null);
            OperationalMetrics.Selector narrow = new OperationalMetrics.Selector("support-bot", "2.0", "refunds");
            List<String> ids = OperationalMetrics.ids("support-bot", start, end, Duration.ofMinutes(1));
            time("raw: 1,440 minute totals by _id (no decoding)", () -> reactor.core.publisher.Flux.from(writer.collection(
                    OperationsProjection.MINUTES).find(com.mongodb.client.model.Filters.in("_id", ids.subList(0, 1000)))
                    .batchSize(5000)).count().block() + reactor.core.publisher.Flux.from(writer.collection(
                    OperationsProjection.MINUTES).find(com.mongodb.client.model.Filters.in("_id", ids.subList(1000, 1440)))
                    .batchSize(5000)).count().block());
            time("raw: 1,440 minute totals by agent and time range (no decoding)", () -> reactor.core.publisher.Flux.from(
                    writer.collection(OperationsProjection.MINUTES).find(com.mongodb.client.model.Filters.and(
                            com.mongodb.client.model.Filters.eq("agent_id", "support-bot"),
                            com.mongodb.client.model.Filters.gte("start", java.util.Date.from(start)),
                            com.mongodb.client.model.Filters.lt("start", java.util.Date.from(end)))).batchSize(5000)).count().block());
            time("series, 1 agent, p95_latency_ms by minute, 24 h (1,440 points)", () ->
                    queries.series(one, start, end, OperationsQueries.Resolution.MINUTE, List.of(Metric.P95_LATENCY_MS)).block());
            time("series, 1 agent, all 9 interaction metrics by minute, 24 h", () ->
                    queries.series(one, start, end, OperationsQueries.Resolution.MINUTE,
                            List.copyOf(Metric.from(Metric.Source.INTERACTIONS))).block());
            time("series, all 3 agents, error_rate by minute, 24 h", () ->
                    queries.series(all, start, end, OperationsQueries.Resolution.MINUTE, List.of(Metric.ERROR_RATE)).block());
            time("series, 1 agent, version and intent, requests by minute, 24 h", () ->
                    queries.series(narrow, start, end, OperationsQueries.Resolution.MINUTE, List.of(Metric.REQUESTS)).block());
            time("series, 1 agent, p95_latency_ms by hour, 24 h", () ->
                    queries.series(one, start, end, OperationsQueries.Resolution.HOUR, List.of(Metric.P95_LATENCY_MS)).block());
            time("summary, all agents, 24 h not hour-aligned, grouped by version", () ->
                    queries.summary(all, start.plusSeconds(1234), end.minusSeconds(1234), List.of("agent_version")).block());
            time("errors, 1 agent, 24 h", () -> queries.errors(one, start, end).block());
            time("contract: minutes(), 1 agent, 24 h, then active users", () ->
                    metrics.minutes("support-bot", null, null, start, end).block().activeUsers(start, end));
            System.out.println("active users of support-bot in the day: "
                    + metrics.activeUsers("support-bot", null, null, start, end).block());
        }
    }

    static void time(String what, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            query.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf("%-72s median %6.1f ms  p90 %6.1f ms  max %6.1f ms%n", what, ms.get(9), ms.get(17), ms.get(19));
    }
}
