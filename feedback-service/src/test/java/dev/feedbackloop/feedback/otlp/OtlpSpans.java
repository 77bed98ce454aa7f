package dev.feedbackloop.feedback.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Builds OTLP export requests with the published protobuf classes, for tests that need spans a SDK would not send. */
final class OtlpSpans {

    private OtlpSpans() {
    }

    static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue attr(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static Span.Builder span(String traceId, String spanId, String parentId, Instant start, long millis) {
        Span.Builder span = Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName("span-" + spanId)
                .setStartTimeUnixNano(nanos(start)).setEndTimeUnixNano(nanos(start.plusMillis(millis)));
        if (parentId != null) {
            span.setParentSpanId(id(parentId));
        }
        return span;
    }

    static Span.Builder root(String traceId, String spanId, Instant start, long millis) {
        return span(traceId, spanId, null, start, millis).setName("agent.run")
                .addAttributes(attr("gen_ai.agent.intent", "billing")).addAttributes(attr("user.id", "u-1"))
                .addAttributes(attr("session.id", "s-1"));
    }

    static Span.Builder llm(String traceId, String spanId, String parentId, Instant start, long in, long out) {
        return span(traceId, spanId, parentId, start, 300).setName("chat gpt-4o")
                .addAttributes(attr("gen_ai.operation.name", "chat"))
                .addAttributes(attr("gen_ai.request.model", "gpt-4o"))
                .addAttributes(attr("gen_ai.response.model", "gpt-4o-2024-08-06"))
                .addAttributes(attr("gen_ai.usage.input_tokens", in))
                .addAttributes(attr("gen_ai.usage.output_tokens", out));
    }

    static Span.Builder failed(Span.Builder span, String errorType) {
        return span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .addEvents(Span.Event.newBuilder().setName("exception").addAttributes(attr("exception.type", errorType)));
    }

    static ExportTraceServiceRequest request(String service, String version, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service))
                        .addAttributes(attr("service.version", version)))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    }
}
