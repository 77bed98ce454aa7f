package dev.feedbackloop.support.web;

import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@link ApiRequest} records from JSON bodies, within each request's size limit: syntax and unstorable text
 * by {@link JsonBodies}, fields by {@link RequestReader}. An empty body reads as no body, so an optional body may be
 * left out and a required one gets the usual 400.
 */
public class RequestBodyReader implements HttpMessageReader<Object> {

    static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));

    private final RequestReader reader;
    private final Clock clock;
    private final int defaultMaxBytes;
    private final Map<Class<?>, Integer> maxBytes;

    public RequestBodyReader(RequestReader reader, Clock clock, List<BodyLimit> limits, DataSize defaultMaxBodySize) {
        this.reader = reader;
        this.clock = clock;
        this.defaultMaxBytes = (int) defaultMaxBodySize.toBytes();
        this.maxBytes = new ConcurrentHashMap<>();
        limits.forEach(limit -> maxBytes.put(limit.requestType(), limit.maxBytes()));
    }

    @Override
    public List<MediaType> getReadableMediaTypes() {
        return JSON;
    }

    @Override
    public boolean canRead(ResolvableType elementType, MediaType mediaType) {
        Class<?> type = elementType.resolve();
        return type != null && type.isAnnotationPresent(ApiRequest.class)
                && (mediaType == null || JSON.stream().anyMatch(json -> json.isCompatibleWith(mediaType)));
    }

    @Override
    public Flux<Object> read(ResolvableType elementType, ReactiveHttpInputMessage message, Map<String, Object> hints) {
        return readMono(elementType, message, hints).flux();
    }

    @Override
    public Mono<Object> readMono(ResolvableType elementType, ReactiveHttpInputMessage message, Map<String, Object> hints) {
        Class<?> type = elementType.toClass();
        int limit = maxBytes(type);
        return JsonBodies.read(message.getBody(), limit)
                .onErrorResume(RequestBodyReader::isEmptyBody, e -> Mono.empty())
                .flatMap(bytes -> isBlank(bytes) ? Mono.empty() : Mono.fromCallable(() -> reader.read(JsonBodies.parse(bytes),
                        type, new RequestRules.Context(clock.instant()))));
    }

    int maxBytes(Class<?> type) {
        return maxBytes.getOrDefault(type, defaultMaxBytes);
    }

    private static boolean isEmptyBody(Throwable e) {
        return e instanceof ApiProblem p && p.errors().size() == 1 && p.errors().get(0).field().isEmpty()
                && "required".equals(p.errors().get(0).rule());
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Releases a buffer that was not read, for callers that read bodies themselves. */
    static void release(DataBuffer buffer) {
        DataBufferUtils.release(buffer);
    }
}
