package dev.feedbackloop.feedback.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.JsonBodies;
import dev.feedbackloop.support.web.RequestReader;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.HttpMessageReader;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link FeedbackBatchRequest} from a JSON array of feedback, or from NDJSON (one feedback a line, so that a
 * client can stream them out of a log). The batch as a whole must fit {@code maxBytes} and hold 1 to {@code maxItems}
 * items (more is a 413); each item is then read on its own by {@link RequestReader}, so that malformed JSON, text no
 * store can hold or a broken rule rejects only that item.
 */
final class FeedbackBatchReader implements HttpMessageReader<Object> {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final List<MediaType> MEDIA_TYPES = List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"),
            NDJSON);

    private final RequestReader reader;
    private final Clock clock;
    private final int maxBytes;
    private final int maxItems;

    FeedbackBatchReader(RequestReader reader, Clock clock, int maxBytes, int maxItems) {
        this.reader = reader;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
    }

    @Override
    public List<MediaType> getReadableMediaTypes() {
        return MEDIA_TYPES;
    }

    @Override
    public boolean canRead(ResolvableType elementType, MediaType mediaType) {
        return elementType.toClass() == FeedbackBatchRequest.class
                && (mediaType == null || MEDIA_TYPES.stream().anyMatch(type -> type.isCompatibleWith(mediaType)));
    }

    @Override
    public Flux<Object> read(ResolvableType elementType, ReactiveHttpInputMessage message, Map<String, Object> hints) {
        return readMono(elementType, message, hints).flux();
    }

    @Override
    public Mono<Object> readMono(ResolvableType elementType, ReactiveHttpInputMessage message, Map<String, Object> hints) {
        MediaType type = message.getHeaders().getContentType();
        boolean ndjson = type != null && type.isCompatibleWith(NDJSON);
        return JsonBodies.read(message.getBody(), maxBytes)
                .map(bytes -> new FeedbackBatchRequest(ndjson ? lines(bytes) : array(bytes)));
    }

    private List<FeedbackBatchRequest.Item> array(byte[] bytes) {
        JsonNode root = JsonBodies.parseSyntax(bytes, 0, bytes.length, "");
        if (!root.isArray()) {
            throw ApiProblem.validation("", "type",
                    "a batch must be a JSON array of feedback (or NDJSON with Content-Type application/x-ndjson)");
        }
        checkSize(root.size());
        RequestRules.Context context = new RequestRules.Context(clock.instant());
        List<FeedbackBatchRequest.Item> items = new ArrayList<>(root.size());
        root.forEach(node -> {
            List<FieldError> unstorable = JsonBodies.unstorableText(node, "");
            items.add(unstorable.isEmpty() ? item(node, context)
                    : FeedbackBatchRequest.Item.rejected(null, unstorable.subList(0, 1)));
        });
        return items;
    }

    private List<FeedbackBatchRequest.Item> lines(byte[] bytes) {
        RequestRules.Context context = new RequestRules.Context(clock.instant());
        List<FeedbackBatchRequest.Item> items = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!new String(bytes, start, end - start, StandardCharsets.UTF_8).isBlank()) {
                    checkSize(items.size() + 1);
                    items.add(line(bytes, start, end - start, context));
                }
                start = i + 1;
            }
        }
        checkSize(items.size());
        return items;
    }

    /** One NDJSON line: malformed JSON or text no store can hold rejects it, naming the first such error. */
    private FeedbackBatchRequest.Item line(byte[] bytes, int offset, int length, RequestRules.Context context) {
        JsonNode node;
        try {
            node = JsonBodies.parse(bytes, offset, length, "");
        } catch (ApiProblem e) {
            return FeedbackBatchRequest.Item.rejected(null, e.errors().subList(0, 1));
        }
        return item(node, context);
    }

    private FeedbackBatchRequest.Item item(JsonNode node, RequestRules.Context context) {
        Violations violations = new Violations();
        FeedbackRequest request = reader.read(node, FeedbackRequest.class, "", RequestReader.Source.JSON, violations, context);
        return violations.isEmpty() ? FeedbackBatchRequest.Item.read(request)
                : FeedbackBatchRequest.Item.rejected(ownId(node), violations.errors());
    }

    /** The item's feedback_id, if it gave one the item could be stored under. */
    private static String ownId(JsonNode node) {
        JsonNode id = node.path("feedback_id");
        return id.isTextual() && Identifier.isValid(id.textValue()) && !Streams.isNamespaced(id.textValue())
                ? id.textValue() : null;
    }

    private void checkSize(int size) {
        if (size > maxItems) {
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ErrorCode.VALIDATION_FAILED,
                    "A batch holds at most " + maxItems + " feedback",
                    List.of(new FieldError("", "max_items", "must hold at most " + maxItems + " items")));
        }
        if (size == 0) {
            throw ApiProblem.validation("", "min_items", "a batch must hold at least one feedback");
        }
    }
}
