package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.ImprovementCycleView;
import dev.feedbackloop.kernel.cycle.MetricComparison;
import dev.feedbackloop.kernel.cycle.MetricDelta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cycle's report: what the review found (incidents, alerts, tickets, metric deltas), the notes, the top failure
 * modes, what was prioritised, implemented and measured (the verdict with its p-values), and the success criteria.
 * One content, two renderings: Markdown and HTML; every piece of user or analysis text is escaped for its format.
 */
public final class CycleReport {

    private CycleReport() {
    }

    public static String markdown(ImprovementCycleView cycle) {
        Markdown out = new Markdown();
        write(cycle, out);
        return out.toString();
    }

    public static String html(ImprovementCycleView cycle) {
        Html out = new Html();
        out.start(cycle.week() + " " + cycle.agentId());
        write(cycle, out);
        out.end();
        return out.toString();
    }

    private static void write(ImprovementCycleView c, Writer out) {
        out.heading(1, "Improvement cycle " + c.week() + ": " + c.agentId());
        out.list(List.of(
                "Cycle: " + c.cycleId(),
                "Week: " + c.startsAt() + " to " + c.endsAt() + " (" + c.zone() + ")",
                "Phase: " + (c.closedAt() != null ? "closed at " + c.closedAt() : c.phase() == null ? "not started" : c.phase())));

        out.heading(2, "Review");
        CycleReview review = c.review();
        if (review == null) {
            out.paragraph("Not compiled yet.");
        } else {
            out.paragraph("Since the last cycle: " + review.from() + " to " + review.to() + ".");
            List<String> incidents = review.incidentIds() == null ? List.of() : review.incidentIds();
            out.list(List.of(
                    "Incidents: " + incidents.size() + (incidents.isEmpty() ? "" : " (" + String.join(", ", incidents) + ")"),
                    "Alerts raised: " + review.alertsRaised(),
                    "Tickets opened: " + review.ticketsOpened() + ", resolved: " + review.ticketsResolved()));
            List<List<String>> rows = new ArrayList<>();
            for (MetricDelta d : review.deltas() == null ? List.<MetricDelta>of() : review.deltas()) {
                rows.add(List.of(d.metric(), num(d.previous()), num(d.current()), signed(d.change()),
                        d.previousCount() + " / " + d.currentCount()));
            }
            out.heading(3, "Metric deltas (week over week)");
            out.table(List.of("Metric", "Previous", "Current", "Change", "Feedback (previous / current)"), rows);
        }
        out.heading(3, "Triage notes");
        if (c.notes() == null || c.notes().isEmpty()) {
            out.paragraph("No notes.");
        } else {
            out.list(c.notes().stream().map(n -> (n.author() == null ? "" : n.author() + " ") + "(" + n.at() + "): "
                    + n.text()).toList());
        }

        out.heading(2, "Top failure modes");
        if (c.problems() == null) {
            out.paragraph("Not compiled yet.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (CycleProblem p : c.problems()) {
                rows.add(List.of(p.kind(), p.label() == null ? p.key() : p.label(), Long.toString(p.volume()),
                        p.metric() == null ? "" : p.metric(), num(p.value()), signed(p.change())));
            }
            out.table(List.of("Kind", "Problem", "Volume", "Metric", "Value", "Change"), rows);
        }

        out.heading(2, "Prioritised");
        if (c.backlog() == null) {
            out.paragraph("Not ranked yet.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            int rank = 1;
            for (BacklogItem i : c.backlog()) {
                rows.add(List.of(Integer.toString(rank++), i.title() == null ? i.itemId() : i.title(), i.kind(),
                        i.refId() == null ? "" : i.refId(), num(i.score()), i.decision() == null ? "open" : i.decision()));
            }
            out.table(List.of("#", "Item", "Kind", "Ref", "Score", "Decision"), rows);
        }

        out.heading(2, "Implemented");
        List<String> work = new ArrayList<>();
        if (c.work() != null) {
            c.work().forEach(w -> work.add(w.kind().replace('_', ' ') + " " + w.workId() + ": " + w.state() + " (" + w.at() + ")"));
        }
        if (c.dataset() != null) {
            work.add("Evaluation dataset " + c.dataset().datasetId() + " version " + c.dataset().version() + " ("
                    + c.dataset().testCases() + " test cases)");
        }
        if (work.isEmpty()) {
            out.paragraph("Nothing linked yet.");
        } else {
            out.list(work);
        }

        out.heading(2, "Measured");
        if (c.deployment() != null) {
            out.paragraph("Deployed " + c.deployment().version() + (c.deployment().previousVersion() == null ? ""
                    : " (replacing " + c.deployment().previousVersion() + ")") + " at " + c.deployment().deployedAt()
                    + ", recorded by " + c.deployment().by() + ".");
        }
        CycleMeasurement m = c.measurement();
        if (m == null) {
            out.paragraph(c.deployment() == null ? "No deployment to measure." : "Not measured yet.");
        } else {
            out.paragraph("Verdict: " + m.verdict() + " (" + m.deployedVersion() + " against " + m.previousVersion() + ")");
            List<List<String>> rows = new ArrayList<>();
            for (MetricComparison x : m.comparisons() == null ? List.<MetricComparison>of() : m.comparisons()) {
                rows.add(List.of(x.metric(), x.test(), num(x.before()), num(x.after()),
                        x.beforeCount() + " / " + x.afterCount(), num(x.statistic()), pValue(x.pValue()),
                        x.significant() ? "yes" : "no"));
            }
            out.table(List.of("Metric", "Test", "Before", "After", "Feedback (before / after)", "Statistic", "p-value",
                    "Significant"), rows);
        }

        out.heading(2, "Success criteria");
        if (c.proposedCriteria() == null) {
            out.paragraph("Proposed when the cycle closes.");
        } else {
            out.paragraph("Proposed:");
            out.list(criteria(c.proposedCriteria()));
            if (c.acceptedCriteria() == null) {
                out.paragraph("Not accepted yet.");
            } else {
                out.paragraph("Accepted by " + c.criteriaAcceptedBy() + " at " + c.criteriaAcceptedAt() + ":");
                out.list(criteria(c.acceptedCriteria()));
            }
        }
    }

    private static List<String> criteria(Map<String, Double> thresholds) {
        return thresholds.entrySet().stream().map(e -> e.getKey() + ": " + num(e.getValue())).toList();
    }

    static String num(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4g", value);
    }

    static String signed(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%+.4g", value);
    }

    static String pValue(Double value) {
        return value == null ? "n/a" : value < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** What the report writes, in either format. */
    interface Writer {
        void heading(int level, String text);

        void paragraph(String text);

        void list(List<String> items);

        void table(List<String> headers, List<List<String>> rows);
    }

    static final class Markdown implements Writer {
        private final StringBuilder out = new StringBuilder();

        /** Backslash-escapes what Markdown would read as inline markup (all text sits mid-line); newlines become spaces. */
        static String escape(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder s = new StringBuilder(text.length());
            for (char ch : text.toCharArray()) {
                if ("\\`*_[]<>|~".indexOf(ch) >= 0) {
                    s.append('\\');
                }
                s.append(ch == '\n' || ch == '\r' ? ' ' : ch);
            }
            return s.toString();
        }

        @Override
        public void heading(int level, String text) {
            out.append("#".repeat(level)).append(' ').append(escape(text)).append("\n\n");
        }

        @Override
        public void paragraph(String text) {
            out.append(escape(text)).append("\n\n");
        }

        @Override
        public void list(List<String> items) {
            items.forEach(i -> out.append("- ").append(escape(i)).append('\n'));
            out.append('\n');
        }

        @Override
        public void table(List<String> headers, List<List<String>> rows) {
            if (rows.isEmpty()) {
                out.append("None.\n\n");
                return;
            }
            out.append("| ").append(String.join(" | ", headers.stream().map(Markdown::escape).toList())).append(" |\n");
            out.append("|").append(" --- |".repeat(headers.size())).append('\n');
            rows.forEach(r -> out.append("| ").append(String.join(" | ", r.stream().map(Markdown::escape).toList()))
                    .append(" |\n"));
            out.append('\n');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    static final class Html implements Writer {
        private final StringBuilder out = new StringBuilder();

        static String escape(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder s = new StringBuilder(text.length());
            for (char ch : text.toCharArray()) {
                switch (ch) {
                    case '&' -> s.append("&amp;");
                    case '<' -> s.append("&lt;");
                    case '>' -> s.append("&gt;");
                    case '"' -> s.append("&quot;");
                    case '\'' -> s.append("&#39;");
                    default -> s.append(ch);
                }
            }
            return s.toString();
        }

        void start(String title) {
            out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Improvement cycle ")
                    .append(escape(title)).append("</title></head><body>\n");
        }

        void end() {
            out.append("</body></html>\n");
        }

        @Override
        public void heading(int level, String text) {
            out.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
        }

        @Override
        public void paragraph(String text) {
            out.append("<p>").append(escape(text)).append("</p>\n");
        }

        @Override
        public void list(List<String> items) {
            out.append("<ul>\n");
            items.forEach(i -> out.append("<li>").append(escape(i)).append("</li>\n"));
            out.append("</ul>\n");
        }

        @Override
        public void table(List<String> headers, List<List<String>> rows) {
            if (rows.isEmpty()) {
                out.append("<p>None.</p>\n");
                return;
            }
            out.append("<table>\n<thead><tr>");
            headers.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : rows) {
                out.append("<tr>");
                row.forEach(cell -> out.append("<td>").append(escape(cell)).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
