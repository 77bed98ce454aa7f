package dev.feedbackloop.analysis.query;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.analysis.search.LikePattern;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.Thumbs;
import org.bson.Document;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static dev.feedbackloop.analysis.query.SearchEvents.feedback;

/**
 * Not a test: {@code comment LIKE '%a%a%b'} on the embedded read-model store, as the platform translates it now and
 * as it did before (the naive {@code ^.*a.*a.*b$}). The new translation is timed through the search's query handler
 * over 1,000 ordinary feedback plus two 10,000-character comments ({@code a...a} and {@code a...ab}); the old one on
 * one comment of growing length (it is cubic), and on 10,000 characters directly with java.util.regex under a cap.
 * Medians of several runs after warm-up. Run with bench/run-like-search.sh.
 */
public final class LikeSearchBench {

    static final String LIKE = "%a%a%b";
    static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CASE;

    public static void main(String[] args) throws Exception {
        long capSeconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        try (EmbeddedReadModel store = new EmbeddedReadModel("like-bench")) {
            FeedbackSearchProjection search = new FeedbackSearchProjection(store.writer,
                    new QueryLimits(store.writer, new QuerySettings(Duration.ofMinutes(10))));
            for (int i = 0; i < 1_000; i++) {
                search.on(commented("fb-" + i, "the refund took " + i + " days and nobody answered my mails"));
            }
            search.on(commented("fb-aaa", "a".repeat(10_000)));
            search.on(commented("fb-aab", "a".repeat(9_999) + "b"));

            System.out.printf("new translation %s%n", new LikePattern(LIKE).toRegex());
            List<String> found = search(search, "comment LIKE '" + LIKE + "'");
            System.out.printf("  matches %s%n", found);
            report("  search over 1,002 feedback, two of 10,000 characters", 3, 11,
                    () -> search(search, "comment LIKE '" + LIKE + "'"));
            report("  the same, ILIKE", 3, 11, () -> search(search, "comment ILIKE '" + LIKE.toUpperCase() + "'"));
            report("  the same pattern with 15 wildcards", 3, 11,
                    () -> search(search, "comment LIKE '" + "%a".repeat(14) + "%b'"));

            String naive = "^.*a.*a.*b$";
            System.out.printf("old translation %s, one comment of n 'a's in its own collection%n", naive);
            for (int n : new int[]{250, 500, 1_000, 2_000}) {
                String collection = "naive_" + n;
                store.server.write(() -> reactor.core.publisher.Mono.from(store.writer.collection(collection)
                        .insertOne(new Document("_id", "x").append("comment", "a".repeat(n)))).block());
                int runs = n <= 1_000 ? 5 : 1;
                report("  n = " + n, n <= 1_000 ? 1 : 0, runs, () -> Flux.from(store.writer.collection(collection)
                        .find(Filters.regex("comment", naive, "s"))).collectList().block(Duration.ofMinutes(10)).size());
                report("  n = " + n + ", new translation", 1, 5, () -> Flux.from(store.writer.collection(collection)
                        .find(Filters.regex("comment", new LikePattern(LIKE).toRegex(), "s"))).collectList()
                        .block(Duration.ofMinutes(10)).size());
            }
            String tenThousand = "a".repeat(10_000);
            CompletableFuture<Boolean> old = CompletableFuture.supplyAsync(
                    () -> Pattern.compile(naive, FLAGS).matcher(tenThousand).find());
            long t0 = System.nanoTime();
            try {
                old.get(capSeconds, TimeUnit.SECONDS);
                System.out.printf("  n = 10,000 directly with java.util.regex: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            } catch (TimeoutException e) {
                System.out.printf("  n = 10,000 directly with java.util.regex: not done after %d s (still running)%n",
                        capSeconds);
            }
            report("  n = 10,000 directly with java.util.regex, new translation", 3, 11,
                    () -> Pattern.compile(new LikePattern(LIKE).toRegex(), FLAGS).matcher(tenThousand).find());
        }
        // the naive match may still be running
        System.exit(0);
    }

    static dev.feedbackloop.kernel.feedback.FeedbackSubmitted commented(String id, String comment) {
        return feedback(id, "tr-" + id, "2026-11-20T10:00:00Z", new ExplicitFeedback(1, Thumbs.DOWN, comment, null), null,
                FeedbackMetadata.EMPTY);
    }

    static List<String> search(FeedbackSearchProjection search, String filter) {
        return search.handle(new SearchFeedback(filter, 100, null)).join().feedback().stream()
                .map(FeedbackMatch::feedbackId).toList();
    }

    static void report(String what, int warmUp, int runs, Supplier<?> run) {
        for (int i = 0; i < warmUp; i++) {
            run.get();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run.get();
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%s: median %.2f ms (min %.2f, max %.2f, %d runs)%n", what, millis.get(millis.size() / 2),
                millis.get(0), millis.get(millis.size() - 1), runs);
    }
}
