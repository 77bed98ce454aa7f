package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.ApiRequest;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/**
 * A feedback search as asked for in a query string or, for filters too long for a URL, a JSON body
 * {@code {"filter": ..., "page_size": ..., "page_token": ...}}: the same fields under the same rules.
 */
@ApiQuery
@ApiRequest
public record FeedbackSearchRequest(@Size(max = FeedbackSearchRequest.MAX_FILTER_LENGTH) String filter,
                                    @Range(min = 1, max = SearchFeedback.MAX_PAGE_SIZE) Long pageSize,
                                    @Size(max = FeedbackSearchRequest.MAX_PAGE_TOKEN_LENGTH) String pageToken) {

    static final int MAX_FILTER_LENGTH = 10_000;
    /** A token this API issues holds a timestamp, a hash and a feedback id of at most 128 characters. */
    static final int MAX_PAGE_TOKEN_LENGTH = 1_000;

    SearchFeedback query() {
        return new SearchFeedback(filter, pageSize == null ? SearchFeedback.DEFAULT_PAGE_SIZE : pageSize.intValue(),
                pageToken == null || pageToken.isEmpty() ? null : pageToken);
    }
}
