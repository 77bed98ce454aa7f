package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.trigger.FindTestCases;
import dev.feedbackloop.kernel.trigger.TestCaseView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ids of an agent's test cases approved now (retired and rejected ones are not), for its evaluation dataset. */
public interface ApprovedTestCases {

    /** At most this many test cases go into a dataset. */
    int MAX = 10_000;

    List<String> of(String agentId);

    /** Reads them from the test case read model. */
    @Component
    class FromReadModel implements ApprovedTestCases {

        private final QueryGateway queries;

        public FromReadModel(QueryGateway queries) {
            this.queries = queries;
        }

        @Override
        public List<String> of(String agentId) {
            try {
                return queries.query(new FindTestCases("approved", agentId, null, MAX),
                                ResponseTypes.multipleInstancesOf(TestCaseView.class))
                        .get(30, TimeUnit.SECONDS).stream().map(TestCaseView::testCaseId).sorted().toList();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading approved test cases", e);
            } catch (Exception e) {
                throw new IllegalStateException("could not read the approved test cases of " + agentId, e);
            }
        }
    }
}
