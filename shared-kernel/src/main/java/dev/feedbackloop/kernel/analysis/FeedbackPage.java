package dev.feedbackloop.kernel.analysis;

import java.util.List;

/** A page of search results; {@code nextPageToken} is null on the last page. */
public record FeedbackPage(List<FeedbackMatch> feedback, String nextPageToken) {

    public FeedbackPage {
        feedback = List.copyOf(feedback);
    }
}
