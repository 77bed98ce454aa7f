package dev.feedbackloop.analysis.query;

import dev.feedbackloop.analysis.search.PageToken;
import dev.feedbackloop.analysis.search.PageTokenException;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.Thumbs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

import static dev.feedbackloop.analysis.query.SearchEvents.feedback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging newest first by (timestamp, id) while feedback keeps arriving, older and newer than the reader. */
class FeedbackSearchPaginationTest {

    static void submit(FeedbackSearchProjection projection, String id, String at, Thumbs thumbs) {
        projection.on(feedback(id, "tr-" + id, at, new ExplicitFeedback(null, thumbs, null, null), null,
                FeedbackMetadata.EMPTY));
    }

    static FeedbackPage page(FeedbackSearchProjection projection, String filter, String token) {
        return projection.handle(new SearchFeedback(filter, 2, token)).join();
    }

    @Test
    void pagesStayCompleteAndFreeOfDuplicatesWhileNewFeedbackArrives() {
        try (EmbeddedReadModel store = new EmbeddedReadModel("search-paging")) {
            FeedbackSearchProjection projection = new FeedbackSearchProjection(store.writer, store.limits);
            List<String> original = new ArrayList<>();
            for (int i = 1; i <= 9; i++) {
                // three pairs share a timestamp, so pages also break between equal timestamps
                String at = "2026-11-" + (10 + (i + 1) / 2 * 2) + "T10:00:00Z";
                submit(projection, "fb-" + i, at, Thumbs.UP);
                original.add("fb-" + i);
            }
            List<FeedbackMatch> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                FeedbackPage page = page(projection, null, token);
                seen.addAll(page.feedback());
                token = page.nextPageToken();
                pages++;
                if (pages <= 4) {
                    // arrivals between pages: newer than anything, older than anything, and at the reader's own
                    // timestamp after its id (already passed) and before it (still ahead)
                    submit(projection, "late-new-" + pages, "2026-12-01T10:00:00Z", Thumbs.UP);
                    submit(projection, "late-old-" + pages, "2026-10-01T10:00:00Z", Thumbs.DOWN);
                    FeedbackMatch last = seen.get(seen.size() - 1);
                    submit(projection, last.feedbackId() + "-passed", last.timestamp().toString(), Thumbs.UP);
                    submit(projection, "0-" + last.feedbackId(), last.timestamp().toString(), Thumbs.UP);
                }
            } while (token != null && pages < 50);

            List<String> ids = seen.stream().map(FeedbackMatch::feedbackId).toList();
            assertThat(new HashSet<>(ids)).as("no duplicates").hasSameSizeAs(ids);
            assertThat(ids).containsAll(original);
            assertThat(ids).containsAll(List.of("late-old-1", "late-old-2", "late-old-3", "late-old-4"));
            assertThat(ids).noneMatch(id -> id.startsWith("late-new") || id.endsWith("-passed"));
            assertThat(token).as("the last page has no token").isNull();
            assertThat(seen).isSortedAccordingTo(Comparator.comparing(FeedbackMatch::timestamp)
                    .thenComparing(FeedbackMatch::feedbackId).reversed());
            assertThat(pages).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aFilteredSearchPagesThroughOnlyItsMatchesAndTheLastPageHasNoToken() {
        try (EmbeddedReadModel store = new EmbeddedReadModel("search-paging-filtered")) {
            FeedbackSearchProjection projection = new FeedbackSearchProjection(store.writer, store.limits);
            for (int i = 1; i <= 5; i++) {
                submit(projection, "fb-" + i, "2026-11-2" + i + "T10:00:00Z", i % 2 == 0 ? Thumbs.DOWN : Thumbs.UP);
            }
            String filter = "thumbs = 'up'";
            FeedbackPage first = page(projection, filter, null);
            assertThat(first.feedback()).extracting(FeedbackMatch::feedbackId).containsExactly("fb-5", "fb-3");
            assertThat(first.nextPageToken()).isNotNull().matches("[A-Za-z0-9_-]+");
            FeedbackPage second = page(projection, filter, first.nextPageToken());
            assertThat(second.feedback()).extracting(FeedbackMatch::feedbackId).containsExactly("fb-1");
            assertThat(second.nextPageToken()).isNull();
        }
    }

    @Test
    void aTokenContinuesOnlyTheSearchItWasIssuedFor() {
        String token = PageToken.after(Instant.parse("2026-11-20T10:00:00Z"), "fb-1", "rating > 2").encode();
        assertThat(PageToken.decode(token, " rating > 2 ")).isEqualTo(PageToken.decode(token, "rating > 2"));
        assertThat(PageToken.decode(token, "rating > 2").feedbackId()).isEqualTo("fb-1");
        assertThatThrownBy(() -> PageToken.decode(token, "rating > 3"))
                .isInstanceOfSatisfying(PageTokenException.class, e -> assertThat(e.rule()).isEqualTo("filter_mismatch"));
        for (String malformed : List.of("not a token!", "AAAA", token.substring(0, 10), "A" + token)) {
            assertThatThrownBy(() -> PageToken.decode(malformed, "rating > 2")).as(malformed)
                    .isInstanceOfSatisfying(PageTokenException.class, e -> assertThat(e.rule()).isEqualTo("format"));
        }
    }

    @Test
    void theQueryHandlerRefusesATokenOfAnotherFilter() {
        try (EmbeddedReadModel store = new EmbeddedReadModel("search-paging-token")) {
            FeedbackSearchProjection projection = new FeedbackSearchProjection(store.writer, store.limits);
            String token = PageToken.after(Instant.parse("2026-11-20T10:00:00Z"), "fb-1", null).encode();
            assertThatThrownBy(() -> page(projection, "thumbs = 'up'", token))
                    .isInstanceOf(PageTokenException.class);
            assertThat(page(projection, "", token).feedback()).isEmpty();
        }
    }
}
