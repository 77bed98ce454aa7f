package dev.feedbackloop.feedback.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an OTLP/HTTP export request: {@code application/x-protobuf} (binary protobuf) or {@code application/json}
 * (OTLP's JSON: proto3's JSON mapping with hex trace and span ids, integer enums and unknown fields ignored),
 * optionally {@code Content-Encoding: gzip}, within the size limit before and after decompression.
 */
final class OtlpDecoder {

    static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    static final MediaType PROTOBUF_ALIAS = MediaType.parseMediaType("application/protobuf");

    /** The encodings answered in: the request's. */
    enum Encoding { PROTOBUF, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final HexFormat HEX = HexFormat.of();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(Integer.MAX_VALUE).maxNumberLength(400).build());
    }

    private final int maxBytes;

    OtlpDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The encoding of a content type, or null when it is neither of OTLP's. */
    static Encoding encodingOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (type.equalsTypeAndSubtype(PROTOBUF) || type.equalsTypeAndSubtype(PROTOBUF_ALIAS)) {
                return Encoding.PROTOBUF;
            }
            if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
                return Encoding.JSON;
            }
            return null;
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    /** An export request and its protobuf encoding (as received when it came as protobuf: not encoded again). */
    record Decoded(ExportTraceServiceRequest request, byte[] protobuf) {
    }

    Decoded decode(byte[] body, Encoding encoding, String contentEncoding) {
        byte[] bytes = decompress(body, contentEncoding);
        ExportTraceServiceRequest request = parse(bytes, encoding);
        return new Decoded(request, encoding == Encoding.PROTOBUF ? bytes : request.toByteArray());
    }

    private ExportTraceServiceRequest parse(byte[] bytes, Encoding encoding) {
        if (encoding == Encoding.PROTOBUF) {
            try {
                return ExportTraceServiceRequest.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw OtlpFailure.badData("The body is not a protobuf ExportTraceServiceRequest: " + e.getMessage());
            }
        }
        return fromJson(bytes);
    }

    private byte[] decompress(byte[] body, String contentEncoding) {
        String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity") || coding.equals("none")) {
            return body;
        }
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw new OtlpFailure(HttpStatus.UNSUPPORTED_MEDIA_TYPE, OtlpFailure.INVALID_ARGUMENT,
                    "Content-Encoding '" + contentEncoding + "' is not supported; send gzip or no encoding", null);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4 + 64));
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw OtlpFailure.badData("The body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw OtlpFailure.badData("The body could not be decompressed: " + e.getMessage());
        }
    }

    static OtlpFailure tooLarge(int maxBytes) {
        return new OtlpFailure(HttpStatus.CONTENT_TOO_LARGE, OtlpFailure.INVALID_ARGUMENT,
                "The export request is larger than " + maxBytes + " bytes (after decompression); send smaller batches", null);
    }

    private static ExportTraceServiceRequest fromJson(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw OtlpFailure.badData("The body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OtlpFailure.badData("The body could not be read as JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw OtlpFailure.badData("The body must be a JSON object (an ExportTraceServiceRequest)");
        }
        hexIdsToBase64(root);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(JSON.writeValueAsString(root), request);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw OtlpFailure.badData("The JSON is not an ExportTraceServiceRequest: " + e.getMessage());
        }
        return request.build();
    }

    /**
     * OTLP/JSON writes trace and span ids in hex where proto3's mapping has base64: rewrite them for the parser. An id
     * that is not hex becomes empty, so its span is rejected alone (no valid id) rather than the whole request.
     */
    private static void hexIdsToBase64(JsonNode root) {
        for (JsonNode resourceSpans : elements(root, "resourceSpans", "resource_spans")) {
            for (JsonNode scopeSpans : elements(resourceSpans, "scopeSpans", "scope_spans")) {
                for (JsonNode span : elements(scopeSpans, "spans", "spans")) {
                    rewrite(span, "traceId", "trace_id");
                    rewrite(span, "spanId", "span_id");
                    rewrite(span, "parentSpanId", "parent_span_id");
                    for (JsonNode link : elements(span, "links", "links")) {
                        rewrite(link, "traceId", "trace_id");
                        rewrite(link, "spanId", "span_id");
                    }
                }
            }
        }
    }

    private static Iterable<JsonNode> elements(JsonNode parent, String name, String protoName) {
        JsonNode list = parent instanceof ObjectNode o ? (o.has(name) ? o.get(name) : o.get(protoName)) : null;
        return list instanceof ArrayNode array ? array : java.util.List.of();
    }

    private static void rewrite(JsonNode node, String name, String protoName) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (String key : new String[]{name, protoName}) {
            JsonNode value = object.get(key);
            if (value != null && value.isTextual()) {
                object.put(key, base64(value.textValue()));
            }
        }
    }

    private static String base64(String hex) {
        try {
            return Base64.getEncoder().encodeToString(HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException notHex) {
            return "";
        }
    }
}
