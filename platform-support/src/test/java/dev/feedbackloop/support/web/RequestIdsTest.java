package dev.feedbackloop.support.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A request's id (the caller's or a new one) and its W3C trace id reach the answer and the failure's log line. */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdsTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final AtomicReference<String> mdcWhileLogging = new AtomicReference<>();

    @RestController
    static class Failing {
        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("the store answered nonsense");
        }

        @GetMapping("/fine")
        String fine() {
            return "ok";
        }
    }

    /** Records the MDC the problem handler logs with. */
    static class Recording extends ProblemHandler {
        @Override
        public org.springframework.http.ResponseEntity<org.springframework.http.ProblemDetail> handle(
                Throwable thrown, org.springframework.web.server.ServerWebExchange exchange) {
            try (RequestIds.Scope ids = RequestIds.logging(exchange)) {
                mdcWhileLogging.set(MDC.get(RequestIds.REQUEST_ID_KEY) + "/" + MDC.get(RequestIds.TRACE_ID_KEY));
            }
            return super.handle(thrown, exchange);
        }
    }

    final WebTestClient client = WebTestClient.bindToController(new Failing()).controllerAdvice(new Recording())
            .webFilter(new RequestIds()).build();

    @Test
    void aFailureNamesTheCallersRequestIdAndTraceInTheAnswerAndTheLog(CapturedOutput output) {
        client.get().uri("/boom").header("X-Request-Id", "order-7.retry:2").header("traceparent", TRACEPARENT)
                .exchange().expectStatus().is5xxServerError()
                .expectHeader().valueEquals("X-Request-Id", "order-7.retry:2")
                .expectBody().jsonPath("$.request_id").isEqualTo("order-7.retry:2")
                .jsonPath("$.code").isEqualTo("INTERNAL_ERROR");
        assertThat(output).contains("Unexpected failure while handling a request (request order-7.retry:2, trace "
                + "4bf92f3577b34da6a3ce929d0e0e4736)");
        assertThat(mdcWhileLogging.get()).isEqualTo("order-7.retry:2/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(RequestIds.REQUEST_ID_KEY)).isNull();
    }

    @Test
    void aMissingOrUnsafeRequestIdIsReplacedByANewOneAndABadTraceparentIsIgnored() {
        String first = client.get().uri("/fine").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        String second = client.get().uri("/fine").header("X-Request-Id", "x\r\nSet-Cookie: a=b")
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        assertThat(first).matches("[0-9a-f]{16}");
        assertThat(second).matches("[0-9a-f]{16}").isNotEqualTo(first);
        assertThat(RequestIds.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(RequestIds.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(RequestIds.traceId(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
