package dev.feedbackloop.analysis.web;

import com.mongodb.MongoOperationTimeoutException;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.analysis.limits.QueryTimeoutException;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A query that ran out of its time, whether the deadline stopped it before a read or the driver gave up during one,
 * is a 503 {@code QUERY_TIMEOUT} naming the limit, not the generic "store unavailable, retry". The query bus is a
 * stand-in that fails the way the query handlers do; the real deadline is checked in {@code QueryDeadlineTest}.
 */
class QueryTimeoutsTest {

    static WebTestClient searchFailingWith(Throwable failure) {
        QueryGateway queries = mock(QueryGateway.class);
        when(queries.query(any(), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.failedFuture(failure));
        return WebTestClient.bindToController(new FeedbackSearchController(queries))
                .controllerAdvice(new QueryTimeouts(new QuerySettings(Duration.ofSeconds(5))), new ProblemHandler())
                .build();
    }

    @Test
    void aQueryPastItsDeadlineOrStoppedByTheDriverIsAQueryTimeout() {
        for (Throwable timeout : List.of(new QueryTimeoutException(Duration.ofSeconds(5)),
                new MongoOperationTimeoutException("Operation exceeded the timeout limit"))) {
            searchFailingWith(timeout).get().uri("/api/v1/analytics/feedback?filter=rating%20%3C%3D%202").exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("QUERY_TIMEOUT")
                    .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                            .startsWith("The query took longer than the 5000 ms the read side allows one query"));
        }
    }
}
