package dev.feedbackloop.kernel.analysis;

/**
 * One page of the feedback matching {@code filter} (see the analysis service's filter language; null or blank
 * matches all), newest first. {@code pageToken} is the previous page's {@link FeedbackPage#nextPageToken()}, or
 * null for the first page.
 */
public record SearchFeedback(String filter, int pageSize, String pageToken) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1_000;

    public SearchFeedback {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page_size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
