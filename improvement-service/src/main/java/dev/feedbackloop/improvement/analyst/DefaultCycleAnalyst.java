package dev.feedbackloop.improvement.analyst;

import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.metrics.Unit;
import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.kernel.trigger.FindAlerts;
import dev.feedbackloop.kernel.trigger.FindIncidents;
import dev.feedbackloop.kernel.trigger.FindTickets;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TicketView;
import dev.feedbackloop.improvement.cycle.CycleAnalyst;
import dev.feedbackloop.improvement.stats.MannWhitneyU;
import dev.feedbackloop.improvement.stats.TwoProportionZTest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The cycle's analyst over the cycle read models ({@link CycleData}) and, for incidents, alerts and tickets, the
 * trigger service's own read models through the {@link QueryGateway} ({@code FindIncidents}, {@code FindAlerts},
 * {@code FindTickets}): their views carry the event times (opened, raised, created, resolved), so counting them in a
 * window is event time too. Rules:
 * <ul>
 *     <li><b>review</b>: incidents opened, alerts raised, tickets created and tickets resolved in [from, to); deltas of
 *     task_success_rate, average_user_rating, escalation_rate, retry_rate and feedback_volume of [from, to) against
 *     [from - 7d, from); a rate's count is the feedback carrying its signal;</li>
 *     <li><b>problems</b>: failure clusters live in the window (volume: members in it, see
 *     {@link CycleData.Cluster#membersDuring}; change against the 7 days before) and intents whose success rate is
 *     below the agent's or dropped against the 7 days before (volume-weighted: impact = completion reports x
 *     max(agent rate - intent rate, previous rate - intent rate); only intents with {@code minimum-signals} reports),
 *     ranked by impact (members, or excess failures), worst first; then features drifting at {@code to}
 *     (DriftDetected not followed by DriftResolved), highest PSI first, which keep up to 3 of the
 *     {@code max-problems} places;</li>
 *     <li><b>backlog</b>: open tickets of the agent created before {@code to} and clusters live at {@code to}; score =
 *     affected volume x severity x trend. A ticket's volume is its affected volume (or, when 0, the negative signals of
 *     its scope - its intent_category, else the agent - in the window); its severity 3 for critical priority or
 *     severity, 2 for high priority or warning severity, else 1; its trend that of its scope's negative signals. A
 *     cluster's volume is its members in the window; its severity 3 when its latest 24-hour size exceeds 100 (the
 *     specification's feedback threshold), 2 above 20 (its new_failure_cluster threshold), else 1; its trend that of
 *     its members. Trend = volume of [to - 3d, to) / volume of [to - 6d, to - 3d), clamped to [0.5, 3]; 3 when only
 *     the last three days have any, 1 when neither has;</li>
 *     <li><b>deployment</b>: the version first seen in [from, to) with more than half of the agent's feedback of
 *     [to - 1d, to); the previous version is the one with the most feedback in the 7 days before the new one was
 *     first seen (deployedAt);</li>
 *     <li><b>measure</b>: see {@link #measure};</li>
 *     <li><b>proposeSuccessCriteria</b>: see {@link #proposeSuccessCriteria}.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(CycleMeasurementSettings.class)
public class DefaultCycleAnalyst implements CycleAnalyst {

    /** The metrics the review compares week over week, in the order it lists them. */
    static final List<Metric> REVIEWED = List.of(Metric.TASK_SUCCESS_RATE, Metric.AVERAGE_USER_RATING,
            Metric.ESCALATION_RATE, Metric.RETRY_RATE, Metric.FEEDBACK_VOLUME);
    /** The metrics the measurement tests, in the order it lists them: rates with the z-test, ratings with U. */
    static final List<Metric> MEASURED = List.of(Metric.TASK_SUCCESS_RATE, Metric.ESCALATION_RATE,
            Metric.AVERAGE_USER_RATING);
    /** The rates that get a proposed threshold, in the order they are proposed (the rating's comes after them). */
    static final List<Metric> BOUNDED_RATES = List.of(Metric.TASK_SUCCESS_RATE, Metric.ESCALATION_RATE,
            Metric.RETRY_RATE);
    public static final String TWO_PROPORTION_Z = "two_proportion_z";
    public static final String MANN_WHITNEY_U = "mann_whitney_u";
    /** The deep-dive's own measures of a failure cluster (its members in the window) and of a drifting feature. */
    public static final String CLUSTER_SIZE = "cluster_size";
    public static final String PSI = "psi";
    public static final String IMPROVED = "improved";
    public static final String WORSE = "worse";
    public static final String NO_MEASURABLE_CHANGE = "no_measurable_change";
    public static final String INSUFFICIENT_DATA = "insufficient_data";
    /** The floor of the proposed task_success_rate: the specification's performance_degradation threshold. */
    public static final double TASK_SUCCESS_FLOOR = 0.80;
    /** Proposed thresholds never go below these, and are proposed at them when the window has too little data. */
    static final Map<Metric, Double> FLOORS = Map.of(Metric.TASK_SUCCESS_RATE, TASK_SUCCESS_FLOOR);

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration THREE_DAYS = Duration.ofDays(3);
    private static final int DRIFT_PLACES = 3;

    private final CycleData data;
    private final QueryGateway queries;
    private final CycleMeasurementSettings settings;

    public DefaultCycleAnalyst(CycleData data, QueryGateway queries, CycleMeasurementSettings settings) {
        this.data = data;
        this.queries = queries;
        this.settings = settings;
    }

    @Override
    public CycleReview review(String agentId, Instant from, Instant to) {
        List<String> incidents = list(new FindIncidents(null, agentId, null, settings.queryLimit()), IncidentView.class)
                .stream().filter(i -> within(i.openedAt(), from, to))
                .sorted(Comparator.comparing(IncidentView::openedAt).thenComparing(IncidentView::incidentId))
                .map(IncidentView::incidentId).toList();
        long alerts = list(new FindAlerts(null, agentId, settings.queryLimit()), AlertView.class).stream()
                .filter(a -> within(a.raisedAt(), from, to)).count();
        List<TicketView> tickets = list(new FindTickets(null, null, agentId, settings.queryLimit()), TicketView.class);
        long opened = tickets.stream().filter(t -> within(t.createdAt(), from, to)).count();
        long resolved = tickets.stream().filter(t -> within(t.resolvedAt(), from, to)).count();
        FeedbackOutcomes current = data.outcomes(agentId, from, to).all();
        FeedbackOutcomes previous = data.outcomes(agentId, from.minus(WEEK), from).all();
        List<MetricDelta> deltas = REVIEWED.stream().map(m -> delta(m, previous, current)).toList();
        return new CycleReview(from, to, incidents, alerts, opened, resolved, deltas);
    }

    private static MetricDelta delta(Metric metric, FeedbackOutcomes previous, FeedbackOutcomes current) {
        Double before = previous.value(metric);
        Double now = current.value(metric);
        return new MetricDelta(metric.wireName(), before, now, before == null || now == null ? null : now - before,
                previous.samples(metric), current.samples(metric));
    }

    @Override
    public List<CycleProblem> problems(String agentId, Instant from, Instant to) {
        record Ranked(CycleProblem problem, double impact) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (CycleData.Cluster cluster : data.clusters(agentId)) {
            if (!cluster.activeDuring(from, to)) {
                continue;
            }
            long members = clusterVolume(cluster, from, to);
            if (members > 0) {
                long before = cluster.membersDuring(from.minus(WEEK), from);
                ranked.add(new Ranked(new CycleProblem("failure_cluster", cluster.clusterId(),
                        cluster.label() == null ? cluster.clusterId() : cluster.label(), members, CLUSTER_SIZE,
                        (double) members, (double) (members - before)), members));
            }
        }
        CycleData.Outcomes current = data.outcomes(agentId, from, to);
        CycleData.Outcomes previous = data.outcomes(agentId, from.minus(WEEK), from);
        Metric success = Metric.TASK_SUCCESS_RATE;
        Double agentRate = current.all().value(success);
        current.byIntent().forEach((intent, counts) -> {
            Double rate = counts.value(success);
            long reports = counts.samples(success);
            if (rate == null || reports < settings.minimumSignals()) {
                return;
            }
            FeedbackOutcomes before = previous.intent(intent);
            Double previousRate = before.samples(success) >= settings.minimumSignals() ? before.value(success) : null;
            double shortfall = Math.max(0, Math.max(agentRate - rate, previousRate == null ? 0 : previousRate - rate));
            double impact = reports * shortfall;
            if (impact > 0) {
                ranked.add(new Ranked(new CycleProblem("intent", intent, intent, reports, success.wireName(), rate,
                        previousRate == null ? null : rate - previousRate), impact));
            }
        });
        List<CycleProblem> drifting = data.drifts(agentId).stream().filter(d -> d.driftingAt(to))
                .sorted(Comparator.comparingDouble(CycleData.Drift::psi).reversed()
                        .thenComparing(CycleData.Drift::feature))
                .limit(Math.min(DRIFT_PLACES, settings.maxProblems()))
                .map(d -> new CycleProblem("drift", d.feature(), "input drift in " + d.feature(),
                        current.all().feedback(), PSI, d.psi(), null))
                .toList();
        List<CycleProblem> out = new ArrayList<>(ranked.stream()
                .sorted(Comparator.comparingDouble(Ranked::impact).reversed()
                        .thenComparing(r -> r.problem().kind()).thenComparing(r -> r.problem().key()))
                .limit(settings.maxProblems() - drifting.size())
                .map(Ranked::problem).toList());
        out.addAll(drifting);
        return List.copyOf(out);
    }

    /** Members in the window, or the latest 24-hour size when the window has no sample of it. */
    private static long clusterVolume(CycleData.Cluster cluster, Instant from, Instant to) {
        long members = cluster.membersDuring(from, to);
        if (members == 0) {
            int[] latest = cluster.latestAt(to);
            members = latest == null ? 0 : latest[1];
        }
        return members;
    }

    @Override
    public List<BacklogItem> backlog(String agentId, Instant from, Instant to) {
        List<BacklogItem> items = new ArrayList<>();
        CycleData.Outcomes window = data.outcomes(agentId, from, to);
        CycleData.Outcomes last3 = data.outcomes(agentId, to.minus(THREE_DAYS), to);
        CycleData.Outcomes prev3 = data.outcomes(agentId, to.minus(THREE_DAYS).minus(THREE_DAYS), to.minus(THREE_DAYS));
        for (TicketView ticket : list(new FindTickets("open", null, agentId, settings.queryLimit()), TicketView.class)) {
            if (ticket.createdAt() != null && !ticket.createdAt().isBefore(to)) {
                continue;
            }
            String intent = ticket.scope() == null ? null : ticket.scope().get("intent_category");
            Function<CycleData.Outcomes, Long> negatives = o -> (intent == null ? o.all() : o.intent(intent))
                    .get(FeedbackOutcomes.Counter.NEGATIVE);
            long volume = ticket.affectedVolume() > 0 ? ticket.affectedVolume() : negatives.apply(window);
            double severity = ticketSeverity(ticket.priority(), ticket.severity());
            double trend = trend(negatives.apply(last3), negatives.apply(prev3));
            items.add(item("ticket", ticket.ticketId(), ticket.title(), volume, severity, trend));
        }
        for (CycleData.Cluster cluster : data.clusters(agentId)) {
            if (!cluster.activeAt(to)) {
                continue;
            }
            long volume = clusterVolume(cluster, from, to);
            int[] latest = cluster.latestAt(to);
            double severity = clusterSeverity(latest == null ? 0 : latest[1]);
            double trend = trend(cluster.membersDuring(to.minus(THREE_DAYS), to),
                    cluster.membersDuring(to.minus(THREE_DAYS).minus(THREE_DAYS), to.minus(THREE_DAYS)));
            items.add(item("failure_cluster", cluster.clusterId(),
                    cluster.label() == null ? cluster.clusterId() : cluster.label(), volume, severity, trend));
        }
        items.sort(Comparator.comparingDouble(BacklogItem::score).reversed().thenComparing(BacklogItem::itemId));
        return List.copyOf(items);
    }

    private static BacklogItem item(String kind, String refId, String title, long volume, double severity, double trend) {
        return new BacklogItem("bl-" + kind + "-" + refId, kind, refId, title, volume, severity, trend,
                volume * severity * trend, null);
    }

    static double ticketSeverity(Priority priority, Severity severity) {
        double byPriority = priority == Priority.CRITICAL ? 3 : priority == Priority.HIGH ? 2 : 1;
        double bySeverity = severity == Severity.CRITICAL ? 3 : severity == Severity.WARNING ? 2 : 1;
        return Math.max(byPriority, bySeverity);
    }

    static double clusterSeverity(int sizeLast24h) {
        return sizeLast24h > 100 ? 3 : sizeLast24h > 20 ? 2 : 1;
    }

    /** Growth of the last three days against the three before, clamped to [0.5, 3]. */
    static double trend(long lastThreeDays, long threeDaysBefore) {
        if (threeDaysBefore == 0) {
            return lastThreeDays == 0 ? 1.0 : 3.0;
        }
        return Math.max(0.5, Math.min(3.0, (double) lastThreeDays / threeDaysBefore));
    }

    @Override
    public Optional<Deployment> deployment(String agentId, Instant from, Instant to) {
        List<CycleData.VersionSeen> fresh = data.versions(agentId).stream()
                .filter(v -> within(v.firstSeen(), from, to)).toList();
        if (fresh.isEmpty()) {
            return Optional.empty();
        }
        CycleData.Outcomes lastDay = data.outcomes(agentId, to.minus(DAY), to);
        long total = lastDay.all().feedback();
        return fresh.stream()
                .filter(v -> lastDay.version(v.version()).feedback() * 2 > total)
                .findFirst()
                .map(v -> new Deployment(v.version(), replaced(agentId, v), v.firstSeen()));
    }

    /**
     * The version {@code deployed} replaced: the one with the most feedback in the day before it was first seen, or,
     * when that day had none of another version, in the week before. Not the week's majority: a version released
     * mid-week and replaced before the week was out is what the deployment replaced, however long its predecessor ran.
     */
    private String replaced(String agentId, CycleData.VersionSeen deployed) {
        String lastDay = mostFeedback(data.outcomes(agentId, deployed.firstSeen().minus(DAY), deployed.firstSeen()),
                deployed.version());
        return lastDay != null ? lastDay
                : mostFeedback(data.outcomes(agentId, deployed.firstSeen().minus(WEEK), deployed.firstSeen()),
                deployed.version());
    }

    private static String mostFeedback(CycleData.Outcomes outcomes, String except) {
        return outcomes.byVersion().entrySet().stream()
                .filter(e -> !e.getKey().equals(except) && e.getValue().feedback() > 0)
                .max(Comparator.<Map.Entry<String, FeedbackOutcomes>>comparingLong(e -> e.getValue().feedback())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /**
     * Compares {@code deployed}'s feedback of [deployedAt, to) with {@code previous}'s of [deployedAt - 7d,
     * deployedAt), metric by metric ({@link #MEASURED}): a rate with the pooled two-proportion z-test, the rating with
     * the Mann-Whitney U test over the rating histograms (statistic: z, positive when the deployed version's is
     * higher). A comparison is significant when its p-value is below {@code significance} and each side has
     * {@code minimum-signals} observations of it; whether a significant change is better or worse is the metric's
     * {@link Metric#better()} (a higher success rate, a lower escalation rate, higher ratings). Verdict:
     * insufficient_data when either version has fewer than {@code minimum-feedback} feedback; worse when any metric
     * is significantly worse; improved when at least one is significantly better; otherwise no_measurable_change.
     */
    @Override
    public CycleMeasurement measure(String agentId, String previous, String deployed, Instant deployedAt, Instant to) {
        FeedbackOutcomes before = previous == null ? new FeedbackOutcomes()
                : data.outcomes(agentId, deployedAt.minus(WEEK), deployedAt).version(previous);
        FeedbackOutcomes after = data.outcomes(agentId, deployedAt, to).version(deployed);
        List<MetricComparison> comparisons = new ArrayList<>();
        boolean worse = false;
        boolean better = false;
        for (Metric metric : MEASURED) {
            Compared compared = compare(metric, before, after);
            comparisons.add(compared.comparison());
            if (compared.comparison().significant()) {
                // the deployed version against the previous one, as a move up (1) or down (-1) from 0
                worse |= metric.isWorse(compared.direction(), 0);
                better |= metric.isWorse(0, compared.direction());
            }
        }
        String verdict;
        if (before.feedback() < settings.minimumFeedback() || after.feedback() < settings.minimumFeedback()) {
            verdict = INSUFFICIENT_DATA;
        } else {
            verdict = worse ? WORSE : better ? IMPROVED : NO_MEASURABLE_CHANGE;
        }
        return new CycleMeasurement(previous, deployed, List.copyOf(comparisons), verdict);
    }

    /** A comparison, and which way the deployed version moved the metric: 1 up, -1 down, 0 not at all (or untested). */
    private record Compared(MetricComparison comparison, int direction) {
    }

    private Compared compare(Metric metric, FeedbackOutcomes before, FeedbackOutcomes after) {
        double alpha = settings.significance();
        int minimum = settings.minimumSignals();
        if (metric.isRate()) {
            TwoProportionZTest.Result r = TwoProportionZTest.test(occurrences(before, metric), before.samples(metric),
                    occurrences(after, metric), after.samples(metric));
            boolean significant = r.significantAt(alpha) && Math.min(r.n1(), r.n2()) >= minimum;
            return new Compared(new MetricComparison(metric.wireName(), TWO_PROPORTION_Z, r.p1(), r.p2(), r.n1(), r.n2(),
                    r.z(), r.pValue(), significant), r.z() == null ? 0 : (int) Math.signum(r.z()));
        }
        if (metric.unit() == Unit.RATING) {
            MannWhitneyU.Result r = MannWhitneyU.test(ratings(before), ratings(after));
            boolean significant = r.significantAt(alpha) && Math.min(r.n1(), r.n2()) >= minimum;
            return new Compared(new MetricComparison(metric.wireName(), MANN_WHITNEY_U, before.value(metric),
                    after.value(metric), r.n1(), r.n2(), r.z(), r.pValue(), significant), r.direction());
        }
        throw new IllegalArgumentException("the measurement has no test for " + metric.wireName());
    }

    /**
     * How many of a rate's samples carry its event (completed, escalated): the fold's rate times its samples, which
     * is that count again (exactly: both are whole numbers far below 2^53).
     */
    static long occurrences(FeedbackOutcomes counts, Metric rate) {
        Double value = counts.value(rate);
        return value == null ? 0 : Math.round(value * counts.samples(rate));
    }

    /** The rating histogram, 1 to 5 stars (index 0 is one star). */
    static long[] ratings(FeedbackOutcomes counts) {
        long[] histogram = new long[5];
        for (int stars = 1; stars <= 5; stars++) {
            histogram[stars - 1] = counts.ratingsOf(stars);
        }
        return histogram;
    }

    /**
     * Thresholds from the window's measured values, each two standard errors on the safe side of the measurement so
     * that ordinary week-to-week noise does not breach them:
     * <ul>
     *     <li>task_success_rate (a minimum): max(0.80, p - 2 sqrt(p (1 - p) / n)); 0.80 alone without enough data;</li>
     *     <li>escalation_rate and retry_rate (maxima): min(1, p + 2 sqrt(p (1 - p) / n));</li>
     *     <li>average_user_rating (a minimum): max(1, mean - 2 sd / sqrt(n)), sd the sample standard deviation of the
     *     ratings.</li>
     * </ul>
     * A metric is proposed only when the window has {@code minimum-signals} observations of it; values are rounded to
     * 4 decimals.
     */
    @Override
    public Map<String, Double> proposeSuccessCriteria(String agentId, Instant from, Instant to) {
        FeedbackOutcomes w = data.outcomes(agentId, from, to).all();
        int minimum = settings.minimumSignals();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Metric rate : BOUNDED_RATES) {
            Double floor = FLOORS.get(rate);
            long n = w.samples(rate);
            if (n < minimum) {
                if (floor != null) {
                    thresholds.put(rate.wireName(), floor);
                }
                continue;
            }
            double p = w.value(rate);
            double margin = 2 * Math.sqrt(p * (1 - p) / n);
            thresholds.put(rate.wireName(), round(rate.better() == Metric.Better.HIGHER
                    ? Math.max(floor == null ? 0 : floor, p - margin) : Math.min(1, p + margin)));
        }
        Metric rating = Metric.AVERAGE_USER_RATING;
        long n = w.samples(rating);
        if (n >= Math.max(2, minimum)) {
            long[] h = ratings(w);
            double mean = w.value(rating);
            double squares = 0;
            for (int k = 0; k < h.length; k++) {
                squares += h[k] * (k + 1 - mean) * (k + 1 - mean);
            }
            double sd = Math.sqrt(squares / (n - 1));
            thresholds.put(rating.wireName(), round(Math.max(1, mean - 2 * sd / Math.sqrt(n))));
        }
        return thresholds;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private <Q, R> List<R> list(Q query, Class<R> type) {
        try {
            List<R> result = queries.query(query, ResponseTypes.multipleInstancesOf(type)).get(30, TimeUnit.SECONDS);
            return result == null ? List.of() : result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + query, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read " + query, e);
        }
    }
}
