package dev.feedbackloop.improvement.analyst;

import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;
import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.kernel.trigger.FindAlerts;
import dev.feedbackloop.kernel.trigger.FindIncidents;
import dev.feedbackloop.kernel.trigger.FindTickets;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TicketView;
import dev.feedbackloop.improvement.cycle.CycleAnalyst;
import dev.feedbackloop.improvement.stats.TwoProportionZTest;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.improvement.analyst.CycleDataFixture.feedback;
import static dev.feedbackloop.improvement.analyst.CycleDataFixture.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The analyst over hand-built read models (embedded server) and stubbed incident, alert and ticket queries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultCycleAnalystTest {

    static final Instant FROM = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant PREVIOUS_WEEK = Instant.parse("2026-11-16T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    /** Every measurement's deployment, with a week of the previous version before it and five days after. */
    static final Instant DEPLOYED_AT = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant MEASURED_TO = DEPLOYED_AT.plus(Duration.ofDays(5));
    static final int[] RATINGS = {3, 4, 4, 5, 2};

    private CycleDataFixture fixture;
    private CycleAnalyst analyst;
    private final List<IncidentView> incidents = new ArrayList<>();
    private final List<AlertView> alerts = new ArrayList<>();
    private final List<TicketView> tickets = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    void setUp() {
        fixture = new CycleDataFixture();
        QueryGateway queries = mock(QueryGateway.class);
        when(queries.query(any(), any(ResponseType.class))).thenAnswer(call -> {
            Object query = call.getArgument(0);
            Object result;
            if (query instanceof FindIncidents q) {
                result = incidents.stream().filter(i -> i.agentId().equals(q.agentId())).toList();
            } else if (query instanceof FindAlerts q) {
                result = alerts.stream().filter(a -> a.agentId().equals(q.agentId())).toList();
            } else if (query instanceof FindTickets q) {
                result = tickets.stream().filter(t -> t.agentId().equals(q.agentId()))
                        .filter(t -> q.state() == null || q.state().equals(t.state())).toList();
            } else {
                throw new IllegalArgumentException("unexpected query " + query);
            }
            return CompletableFuture.completedFuture(result);
        });
        analyst = new DefaultCycleAnalyst(fixture.data, queries, CycleMeasurementSettings.DEFAULTS);
        reviewData();
        problemData();
        deploymentData();
        measurementData();
        criteriaData();
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    // ---------------------------------------------------------------- review

    void reviewData() {
        fixture.batch(series("review-bot", "v1", "a", PREVIOUS_WEEK, HOUR, 100, 70, 10, 4));
        fixture.batch(series("review-bot", "v1", "a", FROM, Duration.ofMinutes(30), 200, 160, 10, 5));
        incidents.add(incident("in-0", "review-bot", Instant.parse("2026-11-20T10:00:00Z")));
        incidents.add(incident("in-2", "review-bot", Instant.parse("2026-11-26T10:00:00Z")));
        incidents.add(incident("in-1", "review-bot", Instant.parse("2026-11-24T10:00:00Z")));
        incidents.add(incident("in-9", "other-bot", Instant.parse("2026-11-24T10:00:00Z")));
        alerts.add(alert("al-1", "review-bot", Instant.parse("2026-11-23T00:00:00Z")));
        alerts.add(alert("al-2", "review-bot", Instant.parse("2026-11-29T23:59:59Z")));
        alerts.add(alert("al-3", "review-bot", TO));
        tickets.add(ticket("tk-1", "review-bot", Priority.LOW, null, 0, Map.of(), Instant.parse("2026-11-24T00:00:00Z"), null));
        tickets.add(ticket("tk-2", "review-bot", Priority.LOW, null, 0, Map.of(), Instant.parse("2026-11-19T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:00Z")));
        tickets.add(ticket("tk-3", "review-bot", Priority.LOW, null, 0, Map.of(), Instant.parse("2026-11-26T00:00:00Z"),
                Instant.parse("2026-11-27T00:00:00Z")));
    }

    @Test
    void reviewCountsTheWeeksWorkAndComparesItsMetricsWithTheWeekBefore() {
        CycleReview review = analyst.review("review-bot", FROM, TO);
        assertThat(review.from()).isEqualTo(FROM);
        assertThat(review.incidentIds()).containsExactly("in-1", "in-2");
        assertThat(review.alertsRaised()).isEqualTo(2);
        assertThat(review.ticketsOpened()).isEqualTo(2);
        assertThat(review.ticketsResolved()).isEqualTo(2);
        assertThat(review.deltas()).extracting(MetricDelta::metric).containsExactly("task_success_rate",
                "average_user_rating", "escalation_rate", "retry_rate", "feedback_volume");
        MetricDelta success = review.deltas().get(0);
        assertThat(success.previous()).isEqualTo(0.7);
        assertThat(success.current()).isEqualTo(0.8);
        assertThat(success.change()).isCloseTo(0.1, within(1e-12));
        assertThat(success.previousCount()).isEqualTo(100);
        assertThat(success.currentCount()).isEqualTo(200);
        assertThat(review.deltas().get(1)).isEqualTo(new MetricDelta("average_user_rating", 4.0, 5.0, 1.0, 100, 200));
        assertThat(review.deltas().get(2).previous()).isEqualTo(0.1);
        assertThat(review.deltas().get(2).current()).isEqualTo(0.05);
        assertThat(review.deltas().get(3).current()).isEqualTo(0.1);
        assertThat(review.deltas().get(4)).isEqualTo(new MetricDelta("feedback_volume", 100.0, 200.0, 100.0, 100, 200));
    }

    @Test
    void reviewOfAnAgentWithoutAnythingHasEmptyMetrics() {
        CycleReview review = analyst.review("nobody", FROM, TO);
        assertThat(review.incidentIds()).isEmpty();
        assertThat(review.deltas().get(0)).isEqualTo(new MetricDelta("task_success_rate", null, null, null, 0, 0));
    }

    // ---------------------------------------------------------------- problems and backlog

    void problemData() {
        fixture.batch(series("problem-bot", "v1", "billing", PREVIOUS_WEEK, HOUR, 100, 80, 0));
        fixture.batch(series("problem-bot", "v1", "search", PREVIOUS_WEEK.plus(Duration.ofMinutes(30)), HOUR, 100, 95, 0));
        fixture.batch(series("problem-bot", "v1", "billing", FROM, HOUR, 100, 50, 0));
        fixture.batch(series("problem-bot", "v1", "search", FROM.plus(Duration.ofMinutes(20)), Duration.ofMinutes(40),
                200, 190, 0));
        Instant refunds = Instant.parse("2026-11-28T10:00:00Z");
        fixture.batch(List.of(feedback("problem-bot", "v1", "refunds", refunds, null, true, null, null),
                feedback("problem-bot", "v1", "refunds", refunds.plusSeconds(60), null, true, null, null),
                feedback("problem-bot", "v1", "refunds", refunds.plusSeconds(120), null, true, null, null)));
        List<Object> clusters = new ArrayList<>();
        clusters.add(new FailureClusterDiscovered("c0", "problem-bot", "old", List.of(), List.of(), 40, 40,
                Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-10T00:00:00Z"), null,
                Instant.parse("2026-11-10T00:00:00Z")));
        clusters.add(new FailureClusterResolved("c0", "problem-bot", "quiet", Instant.parse("2026-11-12T00:00:00Z"),
                Instant.parse("2026-11-15T00:00:00Z")));
        int[] daily = {5, 10, 10, 10, 20, 20, 40};
        Instant first = FROM.plus(Duration.ofHours(23));
        clusters.add(new FailureClusterDiscovered("c1", "problem-bot", "refund loop", List.of("refund"), List.of(),
                daily[0], daily[0], first, first, null, first));
        int size = daily[0];
        for (int d = 1; d < daily.length; d++) {
            Instant at = first.plus(DAY.multipliedBy(d));
            clusters.add(new FailureClusterGrew("c1", "problem-bot", size + daily[d], size, daily[d], null, at, at));
            size += daily[d];
        }
        Instant small = Instant.parse("2026-11-24T12:00:00Z");
        clusters.add(new FailureClusterDiscovered("c-small", "problem-bot", "typos", List.of(), List.of(), 3, 3, small,
                small, null, small));
        clusters.add(new DriftDetected("problem-bot", "language", 0.31, Instant.parse("2026-11-24T00:00:00Z")));
        clusters.add(new DriftDetected("problem-bot", "length", 0.5, Instant.parse("2026-11-24T00:00:00Z")));
        clusters.add(new DriftResolved("problem-bot", "length", 0.05, Instant.parse("2026-11-26T00:00:00Z")));
        fixture.batch(clusters);
        tickets.add(ticket("tk-a", "problem-bot", Priority.HIGH, null, 100, Map.of("intent_category", "refunds"),
                Instant.parse("2026-11-25T00:00:00Z"), null));
        tickets.add(ticket("tk-b", "problem-bot", Priority.LOW, Severity.CRITICAL, 0, Map.of(),
                Instant.parse("2026-11-20T00:00:00Z"), null));
        tickets.add(ticket("tk-c", "problem-bot", Priority.CRITICAL, null, 500, Map.of(),
                Instant.parse("2026-11-30T01:00:00Z"), null));
        tickets.add(ticket("tk-d", "problem-bot", Priority.CRITICAL, null, 500, Map.of(),
                Instant.parse("2026-11-20T01:00:00Z"), Instant.parse("2026-11-21T01:00:00Z")));
    }

    @Test
    void problemsRankClustersAndIntentsByAffectedFailuresThenDrift() {
        List<CycleProblem> problems = analyst.problems("problem-bot", FROM, TO);
        assertThat(problems).extracting(CycleProblem::kind, CycleProblem::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("failure_cluster", "c1"),
                org.assertj.core.groups.Tuple.tuple("intent", "billing"),
                org.assertj.core.groups.Tuple.tuple("failure_cluster", "c-small"),
                org.assertj.core.groups.Tuple.tuple("drift", "language"));
        assertThat(problems.get(0)).isEqualTo(new CycleProblem("failure_cluster", "c1", "refund loop", 115,
                "cluster_size", 115.0, 115.0));
        CycleProblem billing = problems.get(1);
        assertThat(billing.volume()).isEqualTo(100);
        assertThat(billing.metric()).isEqualTo("task_success_rate");
        assertThat(billing.value()).isEqualTo(0.5);
        assertThat(billing.change()).isCloseTo(-0.3, within(1e-12));
        assertThat(problems.get(3).value()).isEqualTo(0.31);
    }

    @Test
    void problemsAreCapped() {
        CycleAnalyst capped = new DefaultCycleAnalyst(fixture.data, mock(QueryGateway.class),
                new CycleMeasurementSettings(0.05, 30, 20, 2, 100));
        assertThat(capped.problems("problem-bot", FROM, TO)).extracting(CycleProblem::key)
                .containsExactly("c1", "language");
    }

    @Test
    void backlogRanksOpenTicketsAndLiveClustersByVolumeSeverityAndTrend() {
        List<BacklogItem> backlog = analyst.backlog("problem-bot", FROM, TO);
        assertThat(backlog).extracting(BacklogItem::itemId)
                .containsExactly("bl-failure_cluster-c1", "bl-ticket-tk-a", "bl-ticket-tk-b", "bl-failure_cluster-c-small");
        BacklogItem cluster = backlog.get(0);
        assertThat(cluster.kind()).isEqualTo("failure_cluster");
        assertThat(cluster.refId()).isEqualTo("c1");
        assertThat(cluster.title()).isEqualTo("refund loop");
        assertThat(cluster.affectedVolume()).isEqualTo(115);
        assertThat(cluster.severity()).isEqualTo(2.0);           // latest 24-hour size 40 > 20
        assertThat(cluster.trend()).isCloseTo(80 / 30.0, within(1e-12));
        assertThat(cluster.score()).isCloseTo(115 * 2 * 80 / 30.0, within(1e-9));
        assertThat(cluster.decision()).isNull();
        assertThat(backlog.get(1)).isEqualTo(new BacklogItem("bl-ticket-tk-a", "ticket", "tk-a", "tk-a title", 100, 2.0,
                3.0, 600.0, null));
        // no affected volume: the agent's negative signals of the week (3 escalations), trend 3 (none before)
        assertThat(backlog.get(2)).isEqualTo(new BacklogItem("bl-ticket-tk-b", "ticket", "tk-b", "tk-b title", 3, 3.0,
                3.0, 27.0, null));
        assertThat(backlog.get(3).trend()).isEqualTo(0.5);
        assertThat(backlog.get(3).score()).isEqualTo(1.5);
    }

    @Test
    void trendIsClamped() {
        assertThat(DefaultCycleAnalyst.trend(0, 0)).isEqualTo(1.0);
        assertThat(DefaultCycleAnalyst.trend(5, 0)).isEqualTo(3.0);
        assertThat(DefaultCycleAnalyst.trend(1, 10)).isEqualTo(0.5);
        assertThat(DefaultCycleAnalyst.trend(100, 10)).isEqualTo(3.0);
        assertThat(DefaultCycleAnalyst.trend(15, 10)).isEqualTo(1.5);
        assertThat(DefaultCycleAnalyst.ticketSeverity(Priority.MEDIUM, Severity.WARNING)).isEqualTo(2.0);
        assertThat(DefaultCycleAnalyst.ticketSeverity(Priority.CRITICAL, null)).isEqualTo(3.0);
        assertThat(DefaultCycleAnalyst.ticketSeverity(Priority.LOW, Severity.INFO)).isEqualTo(1.0);
        assertThat(DefaultCycleAnalyst.clusterSeverity(101)).isEqualTo(3.0);
        assertThat(DefaultCycleAnalyst.clusterSeverity(21)).isEqualTo(2.0);
        assertThat(DefaultCycleAnalyst.clusterSeverity(20)).isEqualTo(1.0);
    }

    // ---------------------------------------------------------------- deployment

    void deploymentData() {
        Instant v2 = Instant.parse("2026-11-25T12:00:00Z");
        fixture.batch(series("deploy-bot", "v0", "a", PREVIOUS_WEEK, HOUR, 10, 10, 0));
        fixture.batch(series("deploy-bot", "v1", "a", PREVIOUS_WEEK.plus(Duration.ofMinutes(10)), HOUR,
                (int) Duration.between(PREVIOUS_WEEK, v2).toHours(), 100, 0));
        fixture.batch(series("deploy-bot", "v1", "a", v2.plus(Duration.ofMinutes(10)), Duration.ofHours(4), 27, 20, 0));
        fixture.batch(series("deploy-bot", "v2", "a", v2, HOUR, 108, 100, 0));

        fixture.batch(series("canary-bot", "v1", "a", PREVIOUS_WEEK, HOUR, 14 * 24, 100, 0));
        fixture.batch(series("canary-bot", "v2", "a", Instant.parse("2026-11-29T00:30:00Z"), Duration.ofHours(4), 6, 6, 0));

        fixture.batch(series("steady-bot", "v1", "a", PREVIOUS_WEEK, HOUR, 14 * 24, 100, 0));

        fixture.batch(series("fresh-bot", "v1", "a", FROM.plus(Duration.ofHours(30)), HOUR, 140, 100, 0));

        // v1 ran four days, v2 three, then v3 replaced v2: the week before v3 holds more v1 than v2
        Instant v3 = Instant.parse("2026-11-24T10:00:00Z");
        fixture.batch(series("hotfix-bot", "v1", "a", v3.minus(Duration.ofDays(7)), HOUR, 4 * 24, 20, 0));
        fixture.batch(series("hotfix-bot", "v2", "a", v3.minus(Duration.ofDays(3)), HOUR, 3 * 24, 10, 0));
        fixture.batch(series("hotfix-bot", "v3", "a", v3, HOUR, 5 * 24, 20, 0));
    }

    @Test
    void theVersionFirstSeenInTheWeekThatCarriesItsLastDayIsTheDeployment() {
        assertThat(analyst.deployment("deploy-bot", FROM, TO))
                .contains(new CycleAnalyst.Deployment("v2", "v1", Instant.parse("2026-11-25T12:00:00Z")));
    }

    @Test
    void theReplacedVersionIsTheOneRunningJustBeforeTheDeploymentNotTheWeeksMajority() {
        assertThat(analyst.deployment("hotfix-bot", FROM, TO))
                .contains(new CycleAnalyst.Deployment("v3", "v2", Instant.parse("2026-11-24T10:00:00Z")));
    }

    @Test
    void aCanaryWithoutTheMajorityOrNoNewVersionIsNoDeployment() {
        assertThat(analyst.deployment("canary-bot", FROM, TO)).isEmpty();
        assertThat(analyst.deployment("steady-bot", FROM, TO)).isEmpty();
        assertThat(analyst.deployment("nobody", FROM, TO)).isEmpty();
    }

    @Test
    void aFirstVersionHasNoPreviousOne() {
        Optional<CycleAnalyst.Deployment> first = analyst.deployment("fresh-bot", FROM, TO);
        assertThat(first).contains(new CycleAnalyst.Deployment("v1", null, FROM.plus(Duration.ofHours(30))));
    }

    // ---------------------------------------------------------------- measurement

    /** 300 feedback of v1 in the week before the deployment: 70% completed, 10% escalated. */
    void before(String agent) {
        fixture.batch(series(agent, "v1", "a", DEPLOYED_AT.minus(Duration.ofDays(7)), Duration.ofMinutes(30), 300, 210,
                30, RATINGS));
    }

    void after(String agent, int count, int completed, int escalated, int... ratings) {
        fixture.batch(series(agent, "v2", "a", DEPLOYED_AT, Duration.ofMinutes(20), count, completed, escalated, ratings));
    }

    void measurementData() {
        before("better-bot");
        after("better-bot", 300, 255, 30, RATINGS);
        before("same-bot");
        after("same-bot", 300, 210, 30, RATINGS);
        before("worse-bot");
        after("worse-bot", 300, 180, 30, RATINGS);
        before("mixed-bot");
        after("mixed-bot", 300, 255, 60, RATINGS);
        before("happier-bot");
        after("happier-bot", 300, 210, 30, 4, 5, 5, 5, 4);
        before("small-bot");
        after("small-bot", 20, 20, 0, RATINGS);
    }

    @Test
    void aVersionThatCompletesMoreTasksImproved() {
        CycleMeasurement m = analyst.measure("better-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        assertThat(m.previousVersion()).isEqualTo("v1");
        assertThat(m.deployedVersion()).isEqualTo("v2");
        assertThat(m.verdict()).isEqualTo("improved");
        MetricComparison success = m.comparisons().get(0);
        assertThat(success.metric()).isEqualTo("task_success_rate");
        assertThat(success.test()).isEqualTo("two_proportion_z");
        assertThat(success.before()).isEqualTo(0.7);
        assertThat(success.after()).isEqualTo(0.85);
        assertThat(success.beforeCount()).isEqualTo(300);
        assertThat(success.afterCount()).isEqualTo(300);
        // pooled 465/600 = 0.775: z = 0.15 / sqrt(0.775 * 0.225 * 2/300) = 4.39941
        assertThat(success.statistic()).isCloseTo(4.399413450640599, within(1e-9));
        assertThat(success.pValue()).isEqualTo(TwoProportionZTest.test(210, 300, 255, 300).pValue());
        assertThat(success.significant()).isTrue();
        MetricComparison escalation = m.comparisons().get(1);
        assertThat(escalation.metric()).isEqualTo("escalation_rate");
        assertThat(escalation.statistic()).isEqualTo(0.0);
        assertThat(escalation.significant()).isFalse();
        MetricComparison rating = m.comparisons().get(2);
        assertThat(rating.metric()).isEqualTo("average_user_rating");
        assertThat(rating.test()).isEqualTo("mann_whitney_u");
        assertThat(rating.before()).isCloseTo(3.6, within(1e-12));
        assertThat(rating.statistic()).isEqualTo(0.0);
        assertThat(rating.pValue()).isEqualTo(1.0);
        assertThat(rating.significant()).isFalse();
    }

    @Test
    void aVersionThatChangesNothingHasNoMeasurableChange() {
        CycleMeasurement m = analyst.measure("same-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        assertThat(m.verdict()).isEqualTo("no_measurable_change");
        assertThat(m.comparisons()).noneMatch(MetricComparison::significant);
    }

    @Test
    void aVersionThatCompletesFewerTasksIsWorse() {
        CycleMeasurement m = analyst.measure("worse-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        assertThat(m.verdict()).isEqualTo("worse");
        assertThat(m.comparisons().get(0).statistic()).isLessThan(-1.96);
        assertThat(m.comparisons().get(0).significant()).isTrue();
    }

    @Test
    void moreEscalationsMakeAVersionWorseEvenWhenItCompletesMoreTasks() {
        CycleMeasurement m = analyst.measure("mixed-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        assertThat(m.comparisons().get(0).significant()).isTrue();
        MetricComparison escalation = m.comparisons().get(1);
        assertThat(escalation.before()).isEqualTo(0.1);
        assertThat(escalation.after()).isEqualTo(0.2);
        assertThat(escalation.statistic()).isGreaterThan(0);
        assertThat(escalation.significant()).isTrue();
        assertThat(m.verdict()).isEqualTo("worse");
    }

    @Test
    void higherRatingsAloneImprove() {
        CycleMeasurement m = analyst.measure("happier-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        MetricComparison rating = m.comparisons().get(2);
        assertThat(rating.after()).isCloseTo(4.6, within(1e-12));
        assertThat(rating.statistic()).isGreaterThan(1.96);
        assertThat(rating.significant()).isTrue();
        assertThat(m.verdict()).isEqualTo("improved");
    }

    @Test
    void tooLittleFeedbackIsInsufficientData() {
        CycleMeasurement m = analyst.measure("small-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO);
        assertThat(m.verdict()).isEqualTo("insufficient_data");
        assertThat(m.comparisons().get(0).afterCount()).isEqualTo(20);
        assertThat(analyst.measure("better-bot", null, "v2", DEPLOYED_AT, MEASURED_TO).verdict())
                .isEqualTo("insufficient_data");
    }

    @Test
    void aStricterSignificanceCanTurnAVerdictIntoNoChange() {
        CycleAnalyst strict = new DefaultCycleAnalyst(fixture.data, mock(QueryGateway.class),
                new CycleMeasurementSettings(0.001, 30, 20, 10, 100));
        // worse-bot: 180/300 against 210/300, z = -2.57, p = 0.010
        assertThat(strict.measure("worse-bot", "v1", "v2", DEPLOYED_AT, MEASURED_TO).verdict())
                .isEqualTo("no_measurable_change");
    }

    // ---------------------------------------------------------------- success criteria

    void criteriaData() {
        fixture.batch(series("criteria-bot", "v1", "a", FROM, Duration.ofMinutes(10), 1000, 900, 50,
                5, 5, 5, 5, 5, 5, 4, 4, 4, 3));
        fixture.batch(series("failing-bot", "v1", "a", FROM, Duration.ofMinutes(10), 100, 50, 0));
    }

    @Test
    void proposedCriteriaSitTwoStandardErrorsOnTheSafeSideOfTheWeek() {
        Map<String, Double> criteria = analyst.proposeSuccessCriteria("criteria-bot", FROM, TO);
        // 0.9 - 2 sqrt(0.9 * 0.1 / 1000) = 0.881026; 0.05 + 2 sqrt(0.05 * 0.95 / 1000) = 0.063784;
        // 0.1 + 2 sqrt(0.09 / 1000) = 0.118974; ratings 600 x 5, 300 x 4, 100 x 3: 4.5 - 2 * 0.671163 / sqrt(1000) = 4.457552
        assertThat(criteria).containsExactly(Map.entry("task_success_rate", 0.881), Map.entry("escalation_rate", 0.0638),
                Map.entry("retry_rate", 0.119), Map.entry("average_user_rating", 4.4576));
    }

    @Test
    void theSuccessRateNeverDropsBelowTheSpecificationsFloor() {
        assertThat(analyst.proposeSuccessCriteria("failing-bot", FROM, TO)).containsEntry("task_success_rate", 0.8)
                .containsKey("escalation_rate").doesNotContainKey("average_user_rating");
        assertThat(analyst.proposeSuccessCriteria("nobody", FROM, TO)).containsExactly(Map.entry("task_success_rate", 0.8));
    }

    // ---------------------------------------------------------------- views

    static IncidentView incident(String id, String agent, Instant openedAt) {
        return new IncidentView(id, agent, "rule", "task_success_rate", Map.of(), 0.7, null, "< 0.80", openedAt,
                List.of(), "open", openedAt, null, 0, null, null, null, null, List.of(), List.of());
    }

    static AlertView alert(String id, String agent, Instant raisedAt) {
        return new AlertView(id, "in-1", agent, "rule", "slack", Severity.WARNING, "title", "summary", null, Map.of(),
                "raised", raisedAt, null, null, null, null, null);
    }

    static TicketView ticket(String id, String agent, Priority priority, Severity severity, long volume,
                             Map<String, String> scope, Instant createdAt, Instant resolvedAt) {
        return new TicketView(id, null, agent, null, id + " title", "", priority, severity, volume, scope,
                resolvedAt == null ? "open" : "resolved", createdAt, null, null, null,
                resolvedAt == null ? null : "fixed", resolvedAt == null ? null : "someone", resolvedAt);
    }
}
