package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiQuery;
import org.hibernate.validator.constraints.Range;

/** How many member ids of a cluster to list (100 by default). */
@ApiQuery
public record ClusterQuery(@Range(min = 0, max = ClusterQuery.MAX_MEMBER_LIMIT) Long memberLimit) {

    static final int DEFAULT_MEMBER_LIMIT = 100;
    static final int MAX_MEMBER_LIMIT = 1000;

    int members() {
        return memberLimit == null ? DEFAULT_MEMBER_LIMIT : memberLimit.intValue();
    }
}
