package dev.feedbackloop.analysis.metrics;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import reactor.core.publisher.Mono;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: what minute slices cost a back-fill. Folds N generated feedback of one agent (default 30,240: three
 * weeks at 60 an hour, three intents) in batches of 100, in units of work like a processor's, into the slices the
 * metrics projection writes, three ways: hours only (hourly, daily, features, watermark, as before minute rules),
 * plus one minute document per agent-hour (what the projection does), plus one document per agent-minute (the
 * alternative). Prints wall time, process CPU time and documents written. Run with bench/run-minute-slices.sh.
 */
public final class MinuteSlicesBench {

    static final String AGENT = "bench-bot";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 30_240;
        int perHour = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<FeedbackSubmitted> feedback = generate(count, perHour);
        for (String variant : List.of("hours", "hours+minute-per-hour", "hours+minute-per-minute", "hours",
                "hours+minute-per-hour", "hours+minute-per-minute")) {
            run(variant, feedback, batch);
        }
    }

    static List<FeedbackSubmitted> generate(int count, int perHour) {
        Random r = new Random(5);
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        String[] intents = {"billing", "refunds", "shipping"};
        List<FeedbackSubmitted> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusSeconds(3600L * i / perHour);
            out.add(new FeedbackSubmitted(FeedbackId.of("f" + i), TraceId.of("t" + i), at, "u" + r.nextInt(500), "s",
                    new ExplicitFeedback(1 + r.nextInt(5), null, null, null),
                    new ImplicitSignals(r.nextInt(20) != 0, false, 1000L + r.nextInt(5000), r.nextInt(2), false),
                    new FeedbackMetadata(AGENT, "1.0", intents[r.nextInt(3)], List.of("crm_lookup"),
                            Map.of("prompt_length", 100 + r.nextInt(400)), Map.of()), "fp", at));
        }
        return out;
    }

    static void run(String variant, List<FeedbackSubmitted> feedback, int batch) throws Exception {
        Path dir = Files.createTempDirectory("minute-bench");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddedMongo server = new EmbeddedMongo(dir); MongoClient client = MongoClients.create(server.connectionString())) {
            ReadModelWriter writer = new ReadModelWriter(client.getDatabase("bench"), server, Duration.ofSeconds(60));
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long index = 0;
            for (int i = 0; i < feedback.size(); i += batch) {
                List<TrackedEventMessage<?>> messages = new ArrayList<>();
                for (FeedbackSubmitted f : feedback.subList(i, Math.min(feedback.size(), i + batch))) {
                    messages.add(new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(index++, List.of()),
                            org.axonframework.eventhandling.GenericEventMessage.asEventMessage(f)));
                }
                BatchingUnitOfWork<TrackedEventMessage<?>> unit = new BatchingUnitOfWork<>(messages);
                unit.executeWithResult(() -> {
                    TrackedEventMessage<?> m = (TrackedEventMessage<?>) CurrentUnitOfWork.get().getMessage();
                    fold(writer, variant, (FeedbackSubmitted) m.getPayload(), m);
                    return null;
                });
            }
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long docs = 0;
            for (String c : List.of(MetricsProjection.HOURLY, MetricsProjection.DAILY, MetricsProjection.FEATURES,
                    MetricsProjection.WATERMARKS, MetricsProjection.MINUTELY, "per_minute")) {
                docs += Mono.from(writer.collection(c).countDocuments()).block();
            }
            System.out.printf("%-26s %7d feedback in %6.1f s wall, %6.1f s cpu, %7d documents%n", variant,
                    feedback.size(), wall / 1e9, cpu / 1e9, docs);
        }
    }

    /** What MetricsProjection#on(FeedbackSubmitted) writes, with the minute slices as the variant says. */
    static void fold(ReadModelWriter writer, String variant, FeedbackSubmitted event, EventMessage<?> message) {
        var token = ((TrackedEventMessage<?>) message).trackingToken();
        String id = message.getIdentifier();
        Instant hour = event.timestamp().truncatedTo(ChronoUnit.HOURS);
        Instant day = event.timestamp().truncatedTo(ChronoUnit.DAYS);
        writer.accumulateCountedInto(MetricsProjection.HOURLY, MetricsProjection.sliceId(AGENT, hour), token, id,
                MetricsProjection.SeriesCounts::new, c -> c.add(event), (c, s) -> c.mergeInto(s, AGENT, hour));
        writer.accumulateCountedInto(MetricsProjection.DAILY, MetricsProjection.sliceId(AGENT, day), token, id,
                MetricsProjection.SeriesCounts::new, c -> c.add(event), (c, s) -> c.mergeInto(s, AGENT, day));
        writer.accumulateCountedInto(MetricsProjection.FEATURES, MetricsProjection.sliceId(AGENT, hour), token, id,
                MetricsProjection.FeatureCounts::new, c -> c.add(event), (c, s) -> c.mergeInto(s, AGENT, hour));
        writer.accumulateCounted(MetricsProjection.WATERMARKS, AGENT, token, id, () -> new Instant[1],
                span -> span[0] = event.timestamp(), span -> Updates.max("max_event_time", Date.from(span[0])));
        if (variant.endsWith("minute-per-hour")) {
            writer.accumulateCountedInto(MetricsProjection.MINUTELY, MetricsProjection.sliceId(AGENT, hour), token, id,
                    MetricsProjection.MinuteCounts::new, c -> c.add(event), (c, s) -> c.mergeInto(s, AGENT, hour));
        } else if (variant.endsWith("minute-per-minute")) {
            Instant minute = event.timestamp().truncatedTo(ChronoUnit.MINUTES);
            writer.accumulateCountedInto("per_minute", MetricsProjection.sliceId(AGENT, minute), token, id,
                    MetricsProjection.SeriesCounts::new, c -> c.add(event), (c, s) -> c.mergeInto(s, AGENT, minute));
        }
    }

    private MinuteSlicesBench() {
    }
}
