package dev.feedbackloop.support.readmodel;

import java.util.List;

/**
 * The indexes one projection's queries need, declared as a bean beside it (a static {@code @Bean} method of the
 * projection) and created by {@link ReadModelIndexes}.
 *
 * @param owner   the projection, for the log
 * @param indexes its indexes
 */
public record ProjectionIndexes(String owner, List<ReadModelIndex> indexes) {

    public ProjectionIndexes {
        indexes = List.copyOf(indexes);
    }

    public static ProjectionIndexes of(String owner, ReadModelIndex... indexes) {
        return new ProjectionIndexes(owner, List.of(indexes));
    }
}
