package dev.feedbackloop.feedback.meters;

import dev.feedbackloop.feedback.command.GroupCommitter;
import dev.feedbackloop.feedback.interaction.InteractionIngestion;
import dev.feedbackloop.feedback.otlp.SpoolDrain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The ingestion meters, defined once. Every request to an ingestion endpoint is counted by the answer it got, before
 * the API key is checked, so a refusal for any reason (a bad key, a body too large, a full queue) is seen:
 * {@code feedbackloop_ingest_accepted_total{source}} for a 2xx, {@code feedbackloop_ingest_rejected_total{source,
 * reason}} otherwise. A request is counted once, whatever it holds: a batch answered 200 is accepted even when some
 * of its items were refused (the response lists them). {@code feedbackloop_ingest_queue_depth{queue}} is the group
 * commit's queue; it refuses with 503 ({@code reason="overloaded"}) when full.
 * {@code feedbackloop_ingest_groups_total{queue="interactions", stored}} counts the interaction writers' groups:
 * {@code together} in one transaction, or {@code one_by_one} when a group failed as a whole and each trace was stored
 * alone (the feedback writer sorts its own groups out inside one call, so it has no such count).
 */
@Component
public class IngestMeters implements WebFilter, Ordered {

    public static final String ACCEPTED = "feedbackloop.ingest.accepted";
    public static final String REJECTED = "feedbackloop.ingest.rejected";
    public static final String QUEUE_DEPTH = "feedbackloop.ingest.queue.depth";
    public static final String QUEUE_CAPACITY = "feedbackloop.ingest.queue.capacity";
    public static final String GROUPS = "feedbackloop.ingest.groups";
    public static final String SPOOL_WAITING = "feedbackloop.otlp.spool.waiting";
    public static final String SPOOL_STUCK = "feedbackloop.otlp.spool.stuck";
    public static final String SPOOL_STORED = "feedbackloop.otlp.spool.stored";
    public static final String SPANS_OVER_LIMIT = "feedbackloop.otlp.spans.over_limit";

    /** Where an ingestion request came in. */
    public enum Source {
        FEEDBACK("feedback", "/api/v1/feedback"),
        FEEDBACK_BATCH("feedback_batch", "/api/v1/feedback/batch"),
        INTERACTIONS("interactions", "/api/v1/interactions"),
        OTLP("otlp", "/v1/traces");

        private final String tag;
        private final PathPattern path;

        Source(String tag, String path) {
            this.tag = tag;
            this.path = PathPatternParser.defaultInstance.parse(path);
        }

        public String tag() {
            return tag;
        }

        static Source of(HttpMethod method, PathContainer path) {
            if (!HttpMethod.POST.equals(method)) {
                return null;
            }
            for (Source source : values()) {
                if (source.path.matches(path)) {
                    return source;
                }
            }
            return null;
        }
    }

    /** Why a request was refused, from its status: a closed set, so the reason tag stays bounded. */
    public static String reason(int status) {
        return switch (status) {
            case 400, 422 -> "invalid";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "overloaded";
            default -> status >= 500 ? "error" : "other";
        };
    }

    private final MeterRegistry registry;

    public IngestMeters(ObjectProvider<MeterRegistry> registries, GroupCommitter feedback,
                        ObjectProvider<InteractionIngestion> interactions, ObjectProvider<SpoolDrain> spool) {
        this.registry = registries.getIfAvailable();
        if (registry == null) {
            return;
        }
        for (Source source : Source.values()) {
            accepted(source);
        }
        queue("feedback", feedback.queue());
        interactions.ifAvailable(i -> {
            queue("interactions", i.queue());
            groups("interactions", i.queue());
            queue("interactions-background", i.backgroundQueue());
            groups("interactions-background", i.backgroundQueue());
        });
        spool.ifAvailable(this::spool);
    }

    private void queue(String name, dev.feedbackloop.feedback.command.GroupCommit<?, ?> queue) {
        Gauge.builder(QUEUE_DEPTH, queue, q -> q.queued()).tag("queue", name)
                .description("Items waiting for the group commit; at capacity further requests are answered 503")
                .register(registry);
        Gauge.builder(QUEUE_CAPACITY, queue, q -> q.capacity()).tag("queue", name)
                .description("The most items the group commit queue holds").register(registry);
    }

    private void groups(String name, dev.feedbackloop.feedback.command.GroupCommit<?, ?> queue) {
        FunctionCounter.builder(GROUPS, queue, q -> q.groupsStoredTogether()).tag("queue", name).tag("stored", "together")
                .description("Groups the group commit stored in one transaction").register(registry);
        FunctionCounter.builder(GROUPS, queue, q -> q.groupsStoredOneByOne()).tag("queue", name).tag("stored", "one_by_one")
                .description("Groups that failed as a whole and were stored item by item").register(registry);
    }

    private void spool(SpoolDrain drain) {
        Gauge.builder(SPOOL_WAITING, drain, SpoolDrain::waiting)
                .description("OTLP exports answered and not yet stored as interactions").register(registry);
        Gauge.builder(SPOOL_STUCK, drain, SpoolDrain::stuck)
                .description("OTLP exports that failed every attempt and wait in otlp_export_spool for an operator")
                .register(registry);
        FunctionCounter.builder(SPOOL_STORED, drain, SpoolDrain::exportsStored)
                .description("OTLP exports stored as interactions and removed from the spool").register(registry);
        FunctionCounter.builder(SPANS_OVER_LIMIT, drain, SpoolDrain::spansOverLimit)
                .description("Spans not added because their trace already held as many spans as it may")
                .register(registry);
    }

    private Counter accepted(Source source) {
        return Counter.builder(ACCEPTED).tag("source", source.tag())
                .description("Ingestion requests answered 2xx").register(registry);
    }

    private Counter rejected(Source source, String reason) {
        return Counter.builder(REJECTED).tag("source", source.tag()).tag("reason", reason)
                .description("Ingestion requests refused, by reason").register(registry);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Source source = registry == null ? null
                : Source.of(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication());
        if (source != null) {
            exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> count(source, exchange.getResponse().getStatusCode())));
        }
        return chain.filter(exchange);
    }

    private void count(Source source, HttpStatusCode status) {
        int code = status == null ? 200 : status.value();
        if (code >= 200 && code < 300) {
            accepted(source).increment();
        } else {
            rejected(source, reason(code)).increment();
        }
    }
}
