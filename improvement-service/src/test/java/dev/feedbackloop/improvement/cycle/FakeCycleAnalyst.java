package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CycleAnalyst} with canned answers that records each call with its window ("problems a from to"), for the
 * saga and HTTP tests. Spring tests import {@link Config}, which makes it the primary analyst, so it wins over the
 * real one wherever both exist.
 */
public class FakeCycleAnalyst implements CycleAnalyst {

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile Optional<Deployment> deployment = Optional.empty();
    public volatile String verdict = "improved";
    /** How many more calls of problems() fail. */
    public final AtomicInteger problemFailures = new AtomicInteger();

    @Override
    public CycleReview review(String agentId, Instant from, Instant to) {
        calls.add("review " + agentId + " " + from + " " + to);
        return review(from, to);
    }

    public static CycleReview review(Instant from, Instant to) {
        return new CycleReview(from, to, List.of("in-1"), 2, 3, 1,
                List.of(new MetricDelta("task_success_rate", 0.8, 0.75, -0.05, 400, 420)));
    }

    @Override
    public List<CycleProblem> problems(String agentId, Instant from, Instant to) {
        calls.add("problems " + agentId + " " + from + " " + to);
        if (problemFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the analysis store is down");
        }
        return problems();
    }

    public static List<CycleProblem> problems() {
        return List.of(new CycleProblem("failure_cluster", "c-1", "Refunds <b>wrong</b> | policy", 120,
                "negative_rate", 0.31, 0.12));
    }

    @Override
    public List<BacklogItem> backlog(String agentId, Instant from, Instant to) {
        calls.add("backlog " + agentId + " " + from + " " + to);
        return backlog();
    }

    public static List<BacklogItem> backlog() {
        return List.of(new BacklogItem("b-1", "failure_cluster", "c-1", "Refund policy answers", 120, 0.8, 1.5, 144.0, null),
                new BacklogItem("b-2", "ticket", "tk-7", "Billing timeouts", 80, 0.6, 1.1, 52.8, null),
                new BacklogItem("b-3", "ticket", "tk-8", "Greeting tone", 40, 0.2, 0.9, 7.2, null));
    }

    @Override
    public Optional<Deployment> deployment(String agentId, Instant from, Instant to) {
        calls.add("deployment " + agentId + " " + from + " " + to);
        return deployment;
    }

    @Override
    public CycleMeasurement measure(String agentId, String previous, String deployed, Instant deployedAt, Instant to) {
        calls.add("measure " + agentId + " " + previous + " " + deployed + " " + deployedAt + " " + to);
        return measurement(previous, deployed, verdict);
    }

    public static CycleMeasurement measurement(String previous, String deployed, String verdict) {
        boolean worse = "worse".equals(verdict);
        return new CycleMeasurement(previous, deployed, List.of(
                new MetricComparison("task_success_rate", "two_proportion_z", 0.78, worse ? 0.70 : 0.84, 500, 450,
                        worse ? -2.9 : 2.5, worse ? 0.0037 : 0.0124, true),
                new MetricComparison("average_rating", "mann_whitney_u", 3.9, 4.0, 300, 280, 1.1, 0.27, false)),
                verdict);
    }

    @Override
    public Map<String, Double> proposeSuccessCriteria(String agentId, Instant from, Instant to) {
        calls.add("criteria " + agentId + " " + from + " " + to);
        return Map.of("task_success_rate", 0.82, "negative_rate", 0.12);
    }

    /** Makes the fake the analyst of a Spring test, ahead of any other. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        FakeCycleAnalyst fakeCycleAnalyst() {
            return new FakeCycleAnalyst();
        }
    }
}
