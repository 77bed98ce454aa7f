package dev.feedbackloop.analysis.limits;

import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Starts each query's {@link QueryDeadline}: every query handler of the analysis read side reads through one. */
@Component
@EnableConfigurationProperties(QuerySettings.class)
public class QueryLimits {

    private final ReadModelWriter store;
    private final QuerySettings settings;

    public QueryLimits(ReadModelWriter store, QuerySettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public QueryDeadline start() {
        return new QueryDeadline(store, settings.maxTime(), System.nanoTime());
    }
}
