package dev.feedbackloop.analysis.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.kernel.analysis.DriftHistograms;
import dev.feedbackloop.kernel.analysis.DriftPoint;
import dev.feedbackloop.kernel.analysis.DriftStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The drift (PSI) of each feature of the agents. */
public record DriftResponse(List<Feature> features) {

    static DriftResponse of(List<DriftStatus> features) {
        return new DriftResponse(features.stream().map(Feature::of).toList());
    }

    /** A feature's latest drift measurement and the state of its drift. */
    @Schema(name = "DriftFeature")
    public record Feature(String agentId, String feature, Double psi, String level, String state, long referenceCount,
                          long currentCount, Instant evaluatedAt, Instant detectedAt, Instant resolvedAt) {

        static Feature of(DriftStatus s) {
            return new Feature(s.agentId(), s.feature(), s.psi(), s.level(), s.state(), s.referenceCount(),
                    s.currentCount(), s.evaluatedAt(), s.detectedAt(), s.resolvedAt());
        }
    }

    /**
     * One feature of one agent: its latest measurement, the histograms it was measured from (left out until they can
     * be recomputed) and its history, newest first.
     */
    @Schema(name = "DriftFeatureDetail")
    public record Detail(String agentId, String feature, Double psi, String level, String state, long referenceCount,
                         long currentCount, Instant evaluatedAt, Instant detectedAt, Instant resolvedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Histograms histograms, List<Point> history) {

        static Detail of(DriftStatus s, Optional<DriftHistograms> histograms, List<DriftPoint> history) {
            return new Detail(s.agentId(), s.feature(), s.psi(), s.level(), s.state(), s.referenceCount(),
                    s.currentCount(), s.evaluatedAt(), s.detectedAt(), s.resolvedAt(),
                    histograms.map(Histograms::of).orElse(null), history.stream().map(Point::of).toList());
        }
    }

    /** The reference and current shares of each bin of a feature, and the PSI between them. */
    @Schema(name = "DriftHistograms")
    public record Histograms(Instant evaluatedAt, Window referenceWindow, Window currentWindow, List<String> bins,
                             List<Double> referenceShares, List<Double> currentShares, long referenceCount,
                             long currentCount, Double psi) {

        static Histograms of(DriftHistograms h) {
            return new Histograms(h.evaluatedAt(), new Window(h.referenceFrom(), h.referenceTo()),
                    new Window(h.currentFrom(), h.evaluatedAt()), h.bins(), h.referenceShares(), h.currentShares(),
                    h.referenceCount(), h.currentCount(), h.psi());
        }
    }

    @Schema(name = "DriftWindow")
    public record Window(Instant from, Instant to) {
    }

    /** One evaluation of a feature's drift. */
    @Schema(name = "DriftPoint")
    public record Point(Instant evaluatedAt, Double psi, String level, long referenceCount, long currentCount) {

        static Point of(DriftPoint p) {
            return new Point(p.evaluatedAt(), p.psi(), p.level(), p.referenceCount(), p.currentCount());
        }
    }
}
